// The pre-run estimate from FLOPs, and the measured matmul rate it divides by.
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_PRICE_TABLE } from '@distillery/schemas';
import { describe, expect, it } from 'vitest';
import { describeEachBackend } from '../testing/index.js';
import { estimateTrainingCost } from './estimate.js';
import { measureBackendGflops } from './gflops.js';

describe('estimateTrainingCost', () => {
  it('prices 3 × forward FLOPs at the measured rate', () => {
    // MLP 784-800-800-10: 2·(784·800 + 800·800 + 800·10) = 2,550,400 forward FLOPs per sample
    const e = estimateTrainingCost({ flopsPerSample: 2_550_400, samples: 60_000, epochs: 2, measuredGflops: 20, device: 'cpu' });
    expect(e.totalFlops).toBe(3 * 2_550_400 * 60_000 * 2);
    expect(e.seconds).toBeCloseTo(e.totalFlops / 20e9, 9);
    expect(e.costUsd).toBeCloseTo((e.seconds * DEFAULT_PRICE_TABLE.cpu.pricePerHourUsd) / 3600, 12);
  });
  it('names the field on bad input', () => {
    expect(() => estimateTrainingCost({ flopsPerSample: 1, samples: 1, epochs: 1, measuredGflops: 0, device: 'cpu' })).toThrow(
      /measuredGflops/,
    );
  });
});

await describeEachBackend('measureBackendGflops', (backend) => {
  it('measures a positive, plausible rate and frees its matrices', async () => {
    const before = tf.memory().numTensors;
    const probe = await measureBackendGflops({ size: 256, iterations: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(probe.backend).toBe(backend.name);
    // 2·256³ FLOPs: at least 0.05 GFLOP/s on any backend (the cpu backend manages ~1), under 1e5 (no GPU that fast).
    expect(probe.gflops).toBeGreaterThan(0.05);
    expect(probe.gflops).toBeLessThan(1e5);
    expect(probe.gflops).toBeCloseTo((2 * 256 ** 3) / (probe.medianMs * 1e6), 6);
  });
});
