// Conv2D, FusedConv2D and both backprop kernels on `native` against tfjs's cpu backend, over strides, 'same' and
// 'valid' padding, pointwise filters and dilation, through tf.grads so the backprop kernels run as training runs them.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { nativeSkipReason, onNativeAndCpu, seededValues, worstRelativeError } from '../testing.js';

const skip = nativeSkipReason();

interface ConvCase {
  name: string;
  input: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid';
  dilations?: number;
  /** Default 1e-5; the filter gradient of a large batch sums thousands of products, in sgemm's order, not tfjs's. */
  tolerance?: number;
}

const cases: ConvCase[] = [
  { name: '3x3 same stride 1', input: [2, 9, 9, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'same' },
  { name: '3x3 valid stride 1', input: [2, 9, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { name: '5x5 same stride 2', input: [3, 11, 10, 2], filter: [5, 5, 2, 6], strides: 2, pad: 'same' },
  { name: '3x2 valid strides [2,1]', input: [1, 10, 7, 4], filter: [3, 2, 4, 3], strides: [2, 1], pad: 'valid' },
  { name: '1x1 pointwise', input: [2, 6, 6, 8], filter: [1, 1, 8, 4], strides: 1, pad: 'valid' },
  { name: '4x4 same stride 2 (asymmetric padding)', input: [2, 8, 8, 3], filter: [4, 4, 3, 2], strides: 2, pad: 'same' },
  // Large enough that patches are built and scattered on several threads, and (5x5x64 patches) that the patch
  // buffer's chunks end in the middle of an image.
  { name: '3x3 same, 16 images of 14x14x32 (threaded)', input: [16, 14, 14, 32], filter: [3, 3, 32, 8], strides: 1, pad: 'same', tolerance: 1e-4 },
  { name: '5x5 same, 8 images of 24x24x64 (threaded, chunks split images)', input: [8, 24, 24, 64], filter: [5, 5, 64, 4], strides: 1, pad: 'same', tolerance: 1e-4 },
];

describe.skipIf(skip !== null)(`native conv2d${skip ? ` — skipped: ${skip}` : ''}`, () => {
  for (const c of cases) {
    it(`${c.name}: output and gradients (input, filter) match cpu within ${c.tolerance ?? 1e-5}`, async () => {
      const [native, cpu] = await onNativeAndCpu(() => {
        const x = tf.tensor4d(seededValues(tf.util.sizeFromShape(c.input), 21), c.input);
        const w = tf.tensor4d(seededValues(tf.util.sizeFromShape(c.filter), 22), c.filter);
        const y = tf.conv2d(x, w, c.strides, c.pad);
        // A non-uniform upstream gradient, so every output position matters.
        const weights = tf.tensor(seededValues(y.size, 23), y.shape);
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), weights)))([x, w]);
        return [y, dx as tf.Tensor, dw as tf.Tensor];
      });
      expect(worstRelativeError(native, cpu)).toBeLessThan(c.tolerance ?? 1e-5);
    });
  }

  it('dilated 3x3 forward matches cpu', async () => {
    const [native, cpu] = await onNativeAndCpu(() =>
      tf.conv2d(tf.tensor4d(seededValues(2 * 12 * 12 * 3, 31), [2, 12, 12, 3]), tf.tensor4d(seededValues(3 * 3 * 3 * 4, 32), [3, 3, 3, 4]), 1, 'same', 'NHWC', 2),
    );
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-5);
  });

  it('NCHW input falls back to the cpu kernel and matches', async () => {
    const [native, cpu] = await onNativeAndCpu(() =>
      tf.conv2d(tf.tensor4d(seededValues(2 * 3 * 7 * 7, 33), [2, 3, 7, 7]), tf.tensor4d(seededValues(3 * 3 * 3 * 4, 34), [3, 3, 3, 4]), 1, 'same', 'NCHW'),
    );
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-5);
  });

  for (const activation of ['linear', 'relu', 'elu', 'sigmoid'] as const) {
    it(`fused conv2d with bias and ${activation}, and its gradients, match cpu`, async () => {
      const [native, cpu] = await onNativeAndCpu(() => {
        const x = tf.tensor4d(seededValues(2 * 8 * 8 * 3, 41), [2, 8, 8, 3]);
        const w = tf.tensor4d(seededValues(3 * 3 * 3 * 6, 42), [3, 3, 3, 6]);
        const bias = tf.tensor1d(seededValues(6, 43));
        const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
          tf.sum(tf.square(tf.fused.conv2d({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, strides: 1, pad: 'same', bias: c, activation })));
        const y = tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'same', bias, activation });
        return [y, ...tf.grads(f)([x, w, bias])];
      });
      expect(worstRelativeError(native, cpu)).toBeLessThan(1e-5);
    });
  }
});

describe.skipIf(skip !== null)(`native maxPool${skip ? ` — skipped: ${skip}` : ''}`, () => {
  // `tolerance` 0: identical values. Overlapping windows add several upstream gradients into one input position, in
  // window order here and in input order in tfjs, so their sums may differ in the last bit.
  const pools: { name: string; input: [number, number, number, number]; size: number | [number, number]; strides: number | [number, number]; pad: 'same' | 'valid'; tolerance?: number }[] = [
    { name: '2x2 stride 2 valid', input: [3, 8, 8, 5], size: 2, strides: 2, pad: 'valid' },
    { name: '3x3 stride 2 same (odd input)', input: [2, 9, 7, 4], size: 3, strides: 2, pad: 'same' },
    { name: '3x2 stride 1 same', input: [2, 5, 6, 3], size: [3, 2], strides: 1, pad: 'same' },
    // Enough images that they are pooled on several threads.
    { name: '2x2 stride 2 valid, 48 images of 14x14x32 (threaded)', input: [48, 14, 14, 32], size: 2, strides: 2, pad: 'valid' },
    { name: '3x3 stride 2 same, 80 images of 15x15x16 (threaded, overlapping windows)', input: [80, 15, 15, 16], size: 3, strides: 2, pad: 'same', tolerance: 1e-6 },
  ];
  for (const p of pools) {
    it(`${p.name}: output and gradient match cpu ${p.tolerance ? `within ${p.tolerance}` : 'exactly'}`, async () => {
      const [native, cpu] = await onNativeAndCpu(() => {
        // Rounded values create ties, which must resolve to the same (first) position as tfjs.
        const x = tf.round(tf.mul(tf.tensor4d(seededValues(tf.util.sizeFromShape(p.input), 81), p.input), 3)) as tf.Tensor4D;
        const pooled = tf.maxPool(x, p.size, p.strides, p.pad);
        const weights = tf.tensor(seededValues(pooled.size, 82), pooled.shape);
        const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, p.size, p.strides, p.pad), weights)))(x);
        return [pooled, dx];
      });
      expect(worstRelativeError(native, cpu)).toBeLessThanOrEqual(p.tolerance ?? 0);
    });
  }
});
