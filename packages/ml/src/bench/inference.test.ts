// measureInference on a real MLP: timings are real (a known delay shows up), memory is accounted, nothing leaks.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../testing/index.js';
import { measureInference } from './inference.js';

function mlp(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 256, inputShape: [784], activation: 'relu' }));
  model.add(tf.layers.dense({ units: 10 }));
  return model;
}

await describeEachBackend('measureInference', (backend) => {
  it('reports ordered latency percentiles, throughput at the largest batch and peak tensor memory', async () => {
    const model = mlp();
    const before = tf.memory().numTensors;
    const report = await measureInference(model, (b) => tf.randomNormal([b, 784]), {
      batchSizes: [64, 1],
      iterations: 20,
      warmup: 2,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(report.backend).toBe(backend.name);
    expect(report.latencyBatch).toBe(1);
    expect(report.throughputBatch).toBe(64);
    expect(report.perBatch.map((b) => b.batch)).toEqual([1, 64]);
    expect(report.latencyMs.p50).toBeGreaterThan(0);
    expect(report.latencyMs.p50).toBeLessThanOrEqual(report.latencyMs.p95);
    expect(report.latencyMs.p95).toBeLessThanOrEqual(report.latencyMs.p99);
    // samples/s at batch 64 is batch / mean latency
    const big = report.perBatch[1]!;
    expect(report.throughputPerSec).toBeCloseTo((64 * 1000) / big.latencyMs.mean, 6);
    // Live at the peak: weights (784·256 + 256 + 256·10 + 10 floats), the input [64, 784] and the hidden [64, 256].
    const weightBytes = 4 * (784 * 256 + 256 + 256 * 10 + 10);
    expect(report.peakMemoryBytes).toBeGreaterThanOrEqual(weightBytes + 4 * 64 * 784 + 4 * 64 * 256);
    expect(report.rssDeltaBytes).toBeGreaterThanOrEqual(0);
    model.dispose();
  });

  it('counts the whole forward pass: a model that takes 8 ms per call reports p50 ≥ 8 ms', async () => {
    const model = mlp();
    const slow = {
      predict(x: tf.Tensor) {
        const until = performance.now() + 8;
        while (performance.now() < until) {
          // busy wait: stands in for kernels that take 8 ms
        }
        return model.predict(x);
      },
    };
    const report = await measureInference(slow, (b) => tf.zeros([b, 784]), { batchSizes: [1], iterations: 5, warmup: 0 });
    expect(report.latencyMs.p50).toBeGreaterThanOrEqual(8);
    expect(report.throughputPerSec).toBeLessThanOrEqual(1000 / 8);
    model.dispose();
  });

  it('names the field on bad options', async () => {
    const model = mlp();
    const make = (b: number) => tf.zeros([b, 784]);
    await expect(measureInference(model, make, { batchSizes: [], iterations: 1, warmup: 0 })).rejects.toThrow(/batchSizes/);
    await expect(measureInference(model, make, { batchSizes: [1], iterations: 0, warmup: 0 })).rejects.toThrow(/iterations/);
    await expect(measureInference(model, () => tf.zeros([2, 784]), { batchSizes: [1], iterations: 1, warmup: 0 })).rejects.toThrow(
      /makeInput\(1\)/,
    );
    model.dispose();
  });
});
