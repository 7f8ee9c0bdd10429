import type { CostEstimate } from '@distillery/schemas';
import { describe, expect, it } from 'vitest';
import { describeEstimate, estimateFailureText } from './cost-estimate';

const estimate: CostEstimate = {
  seconds: 192.4,
  costUsd: (192.4 * 0.1008) / 3600,
  device: 'cpu',
  pricePerHourUsd: 0.1008,
  priceSource: 'https://aws.amazon.com/ec2/pricing/on-demand/',
  flops: 3.55e12,
  backend: 'wasm',
  hardware: 'Intel Xeon × 2',
  measuredGflops: 19.149,
  overheadSeconds: 7,
  computeSteps: 5,
  estimatedInSeconds: 3.2,
};

describe('describeEstimate', () => {
  it('leads with the time and the money on the device', () => {
    expect(describeEstimate(estimate).headline).toBe('≈ 3 min 12 s of CPU time · $0.0054');
  });
  it('names the price, the backend with its measured rate, and what the time is made of', () => {
    const text = describeEstimate(estimate);
    expect(text.price).toBe('CPU at $0.1008/h');
    expect(text.backend).toBe('wasm on Intel Xeon × 2, measured 19.1 GFLOP/s');
    expect(text.basis).toBe('3.55 TFLOP of compute (3 min 05 s) + 7 s start-up over 5 steps');
  });
  it('shows a sub-second GPU job as tenths of a second and dollars to two figures', () => {
    const gpu = {
      ...estimate,
      device: 'gpu' as const,
      seconds: 0.42,
      overheadSeconds: 0.3,
      pricePerHourUsd: 7.912,
      costUsd: (0.42 * 7.912) / 3600,
    };
    expect(describeEstimate(gpu).headline).toBe('≈ 0.4 s of GPU time · $0.00092');
  });
});

describe('estimateFailureText', () => {
  it('names the field the worker rejected, relative to the spec', () => {
    const err = {
      message: 'x',
      data: {
        code: 'BAD_REQUEST',
        fieldErrors: { 'spec.teacher.modelId': ['model art_1 is not in the registry'] },
      },
    };
    expect(estimateFailureText(err)).toBe('teacher.modelId: model art_1 is not in the registry');
  });
  it('passes the API message through when no worker answers', () => {
    const err = Object.assign(new Error('no gpu worker is polling task queue distillery-gpu'), {
      data: { code: 'SERVICE_UNAVAILABLE', fieldErrors: null },
    });
    expect(estimateFailureText(err)).toBe('no gpu worker is polling task queue distillery-gpu');
  });
});
