// The estimate command's text: figures a user would compare against their budget.
import type { CostEstimate } from '@distillery/schemas';
import { describe, expect, it } from 'vitest';
import { formatEstimate } from './estimate-format.js';

const estimate: CostEstimate = {
  seconds: 125.4,
  costUsd: (125.4 * 0.1008) / 3600,
  device: 'cpu',
  pricePerHourUsd: 0.1008,
  priceSource: 'https://aws.amazon.com/ec2/pricing/on-demand/',
  flops: 2.3e12,
  backend: 'wasm',
  hardware: 'Intel Xeon × 2',
  measuredGflops: 19.15,
  overheadSeconds: 5.3,
  computeSteps: 5,
  estimatedInSeconds: 3.2,
};

describe('formatEstimate', () => {
  it('leads with time and money, then the price, the measured rate and backend, and the start-up share', () => {
    const lines = formatEstimate(estimate).split('\n');
    expect(lines[0]).toBe('estimate: 2m05s of cpu time, $0.0035');
    expect(lines[1]).toContain('$0.1008/h');
    expect(lines[2]).toContain('2.30 TFLOP at 19.1 GFLOP/s measured on wasm');
    expect(lines[2]).toMatch(/ = 2m00s$/);
    expect(lines[3]).toBe('  start-up  5s over 5 compute steps');
  });
});
