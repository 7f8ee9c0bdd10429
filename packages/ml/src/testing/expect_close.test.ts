import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { expectClose, expectCloseAsync } from './expect_close.js';

describe('expectClose', () => {
  it('accepts values within tolerance (absolute near zero, relative for large values)', async () => {
    expectClose(1.000001, 1, 1e-5);
    expectClose([1e6 + 5, 0.5], [1e6, 0.5], 1e-5);
    expectClose(Float32Array.from([1, 2]), [[1], [2]], 0);
    await expectCloseAsync(tf.tensor1d([NaN, 3]), [NaN, 3], 0);
  });

  it('fails with the index and both values of the worst mismatch', async () => {
    expect(() => expectClose([1, 2, 3], [1, 2.5, 3.01], 1e-3)).toThrow(/2 of 3 values differ.*index 1: actual 2 vs expected 2.5/);
    expect(() => expectClose([1, 2], [1, 2, 3])).toThrow(/differ in count/);
    await expect(expectCloseAsync(tf.zeros([2, 3]), tf.zeros([3, 2]))).rejects.toThrow(/shape \[2,3\] differs from expected \[3,2\]/);
    expect(() => expectClose(NaN, 1)).toThrow(/differ/);
  });

  it('refuses tensors in the synchronous form, which webgpu cannot read', () => {
    expect(() => expectClose([tf.scalar(1)] as unknown as number[], [1])).toThrow(/expectCloseAsync/);
  });

  it('has an async form that reads tensors with data()', async () => {
    await expectCloseAsync(tf.tensor1d([0.1, 0.2]), [0.1, 0.2], 1e-6);
    await expectCloseAsync([tf.scalar(0.1), [tf.tensor1d([0.2])]], [0.1, 0.2], 1e-6);
    await expect(expectCloseAsync(tf.tensor1d([0.1]), [0.3], 1e-6)).rejects.toThrow(/differ/);
  });
});
