// Transpose, Tile, Softmax and FusedBatchNorm on `native` against tfjs's cpu backend, forward and through gradients.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { nativeSkipReason, onNativeAndCpu, seededValues, worstRelativeError } from '../testing.js';

const skip = nativeSkipReason();

describe.skipIf(skip !== null)(`native layout kernels${skip ? ` — skipped: ${skip}` : ''}`, () => {
  const transposes: { shape: number[]; perm: number[] }[] = [
    { shape: [7, 5], perm: [1, 0] },
    { shape: [2, 6, 3, 4], perm: [0, 2, 1, 3] },
    { shape: [3, 4, 5], perm: [2, 0, 1] },
    { shape: [2, 3, 4, 5, 2], perm: [4, 3, 2, 1, 0] },
    { shape: [4, 6], perm: [0, 1] },
  ];
  for (const { shape, perm } of transposes) {
    it(`transposes [${shape.join(',')}] by [${perm.join(',')}] exactly like cpu`, async () => {
      const [native, cpu] = await onNativeAndCpu(() => tf.transpose(tf.tensor(seededValues(tf.util.sizeFromShape(shape), 91), shape), perm));
      expect(worstRelativeError(native, cpu)).toBe(0);
    });
  }

  const tiles: { shape: number[]; reps: number[] }[] = [
    { shape: [3], reps: [4] },
    { shape: [2, 3], reps: [3, 2] },
    { shape: [1, 1, 5], reps: [2, 3, 1] },
    { shape: [2, 1, 3], reps: [1, 4, 2] },
    { shape: [4, 3, 1], reps: [1, 1, 5] },
    { shape: [2, 1], reps: [3, 7] },
  ];
  for (const { shape, reps } of tiles) {
    it(`tiles [${shape.join(',')}] by [${reps.join(',')}] exactly like cpu`, async () => {
      const [native, cpu] = await onNativeAndCpu(() => tf.tile(tf.tensor(seededValues(tf.util.sizeFromShape(shape), 92), shape), reps));
      expect(worstRelativeError(native, cpu)).toBe(0);
    });
  }

  it('softmax over the last axis and its gradient match cpu within 1e-6', async () => {
    const [native, cpu] = await onNativeAndCpu(() => {
      const logits = tf.tensor(seededValues(3 * 4 * 9, 93, -8, 8), [3, 4, 9]);
      const weights = tf.tensor(seededValues(3 * 4 * 9, 94), [3, 4, 9]);
      return [tf.softmax(logits), tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.softmax(x), weights)))(logits)];
    });
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-6);
  });

  it('softmax over 600 rows of 513 (rows split across threads) matches cpu within 1e-6, masked entries exactly 0', async () => {
    const [native, cpu] = await onNativeAndCpu(() => {
      const logits = tf.tensor(seededValues(600 * 513, 95, -20, 20), [600, 513]);
      const mask = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([600, 513]), -1, 0)), -1e9);
      return tf.softmax(tf.add(logits, mask));
    });
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-6);
    expect(native[0]?.values[1]).toBe(0);
    const rowSums = tf.tidy(() => tf.sum(tf.tensor(native[0]?.values ?? [], [600, 513]), 1).dataSync());
    for (const total of rowSums) expect(total).toBeCloseTo(1, 5);
  });

  it('layer normalization (tfjs-layers, tiled batchNorm) and its gradients match cpu within 1e-5', async () => {
    const [native, cpu] = await onNativeAndCpu(() => {
      const layer = tf.layers.layerNormalization({ epsilon: 1e-5, gammaInitializer: 'ones', betaInitializer: 'zeros' });
      const x = tf.tensor(seededValues(2 * 5 * 8, 95, -3, 3), [2, 5, 8]);
      const y = layer.apply(x) as tf.Tensor;
      const weights = tf.tensor(seededValues(2 * 5 * 8, 96), [2, 5, 8]);
      const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads } = tf.variableGrads(() => tf.sum<tf.Scalar>(tf.mul(layer.apply(x) as tf.Tensor, weights)), variables);
      const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, weights)))(x);
      const out = [y, dx, ...variables.map((v) => grads[v.name] as tf.Tensor)];
      layer.dispose();
      return out;
    });
    expect(native).toHaveLength(4);
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-5);
  });

  it('batchNorm with per-channel scale and offset matches cpu within 1e-6', async () => {
    const [native, cpu] = await onNativeAndCpu(() =>
      tf.batchNorm(tf.tensor(seededValues(4 * 6, 97), [4, 6]), tf.tensor1d(seededValues(6, 98)), tf.tensor1d(seededValues(6, 99, 0.5, 2)), tf.tensor1d(seededValues(6, 100)), tf.tensor1d(seededValues(6, 101)), 1e-3),
    );
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-6);
  });
});

describe.skipIf(skip !== null)(`native unsortedSegmentSum${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it('sums rows per segment like cpu, dropping out-of-range ids', async () => {
    const [native, cpu] = await onNativeAndCpu(() => tf.unsortedSegmentSum(tf.tensor(seededValues(6 * 2 * 3, 121), [6, 2, 3]), tf.tensor1d([0, 3, 3, 1, 0, 2], 'int32'), 5));
    expect(native[0]?.shape).toEqual([5, 2, 3]);
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-6);
  });

  it('constant padding matches cpu exactly for ranks 1 to 4, including empty sides and a pad value', async () => {
    const [native, cpu] = await onNativeAndCpu(() => [
      tf.pad(tf.tensor(seededValues(5, 125)), [[2, 1]]),
      tf.pad(tf.tensor(seededValues(12, 126), [3, 4]), [[0, 2], [1, 0]], -3.5),
      tf.pad(tf.tensor(seededValues(2 * 3 * 4, 127), [2, 3, 4]), [[1, 1], [0, 0], [2, 3]]),
      tf.pad(tf.tensor(seededValues(2 * 2 * 3 * 2, 128), [2, 2, 3, 2]), [[0, 1], [1, 0], [0, 0], [1, 1]], 7),
    ]);
    expect(native.map((t) => t.shape)).toEqual([[8], [5, 5], [4, 3, 9], [3, 3, 3, 4]]);
    expect(worstRelativeError(native, cpu)).toBe(0);
  });

  it('embedding lookups (gather along axis 0) copy the same rows as cpu, for any index shape', async () => {
    const [native, cpu] = await onNativeAndCpu(() => {
      const table = tf.tensor(seededValues(10 * 2 * 3, 124), [10, 2, 3]);
      return [tf.gather(table, tf.tensor2d([[9, 0], [3, 3]], [2, 2], 'int32')), tf.gather(table, tf.tensor1d([4], 'int32')), tf.gather(table, tf.tensor1d([1, 0], 'int32'), 1)];
    });
    expect(native.map((t) => t.shape)).toEqual([[2, 2, 2, 3], [1, 2, 3], [10, 2, 3]]);
    expect(worstRelativeError(native, cpu)).toBe(0);
  });

  it('an out-of-range lookup fails the way cpu does', async () => {
    await tf.setBackend('native');
    expect(() => tf.gather(tf.ones([3, 2]), tf.tensor1d([3], 'int32'))).toThrow(/GatherV2: the index value 3 is not in \[0, 2\]/);
  });

  it('embedding gradients (gather) match cpu', async () => {
    const [native, cpu] = await onNativeAndCpu(() => {
      const table = tf.tensor(seededValues(10 * 4, 122), [10, 4]);
      const ids = tf.tensor2d([[1, 2, 2], [9, 0, 1]], [2, 3], 'int32');
      const weights = tf.tensor(seededValues(2 * 3 * 4, 123), [2, 3, 4]);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), weights)))(table);
    });
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-6);
  });
});
