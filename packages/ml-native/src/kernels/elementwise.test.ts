// The addon's elementwise and reduction kernels against tfjs's cpu backend, including the broadcasts they route
// to tfjs, NaN propagation and the int32 fallback.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS } from '../addon.js';
import { nativeSkipReason, onNativeAndCpu, seededValues, worstRelativeError } from '../testing.js';
import { planBroadcast } from './elementwise.js';

const skip = nativeSkipReason();

describe('planBroadcast', () => {
  it('lays out a bias row, a per-row column, a scalar and equal shapes', () => {
    expect(planBroadcast([4, 5], [5], [4, 5])).toEqual({ aLayout: 0, bLayout: 1, rows: 4, cols: 5 });
    expect(planBroadcast([4, 1], [4, 5], [4, 5])).toEqual({ aLayout: 2, bLayout: 0, rows: 4, cols: 5 });
    expect(planBroadcast([], [3, 5], [3, 5])).toEqual({ aLayout: 3, bLayout: 0, rows: 1, cols: 15 });
  });
  it('declines broadcasts on both sides of the matrix', () => {
    expect(planBroadcast([2, 1, 3], [1, 4, 1], [2, 4, 3])).toBeNull();
  });
});

function unaryInput(op: string): tf.Tensor {
  // Positive inputs where the op needs them (log, sqrt, rsqrt); a NaN to check it propagates like tfjs.
  const positive = ['Log', 'Sqrt', 'Rsqrt', 'Reciprocal'].includes(op);
  const values = seededValues(257, 51, positive ? 0.1 : -3, 3);
  values[7] = Number.NaN;
  return tf.tensor(values, [257]);
}

describe.skipIf(skip !== null)(`native elementwise kernels${skip ? ` — skipped: ${skip}` : ''}`, () => {
  for (const op of Object.keys(UNARY_OPS)) {
    it(`${op} matches cpu within 1e-6`, async () => {
      const [native, cpu] = await onNativeAndCpu(() => {
        const x = unaryInput(op);
        return tf.engine().runKernel<tf.Tensor>(op, { x }, op === 'Step' ? { alpha: 0.25 } : {});
      });
      expect(worstRelativeError(native, cpu)).toBeLessThan(1e-6);
    });
  }

  it('Exp keeps 1e-6 relative accuracy over the whole float range, on both threads, and saturates like expf', async () => {
    // 300k values (split across threads) from -87 to 88, where exp stays finite and normal.
    const [native, cpu] = await onNativeAndCpu(() => tf.exp(tf.tensor(seededValues(300_001, 52, -87, 88))));
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-6);
    const [edges] = await onNativeAndCpu(() => tf.exp(tf.tensor([-1e9, -104, 89, 1e9, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN, 0])));
    expect(Array.from(edges[0]?.values ?? [])).toEqual([0, 0, Infinity, Infinity, 0, Infinity, Number.NaN, 1]);
  });

  it('Erf and Sigmoid stay within 1e-6 of cpu on large tensors split across threads', async () => {
    const [native, cpu] = await onNativeAndCpu(() => {
      const x = tf.tensor(seededValues(300_001, 53, -6, 6));
      return [tf.erf(x), tf.sigmoid(x)];
    });
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-6);
  });

  const broadcasts: [number[], number[]][] = [
    [[6, 7], [6, 7]],
    [[6, 7], [7]],
    [[7], [3, 6, 7]],
    [[6, 1], [6, 7]],
    [[3, 6, 7], []],
    [[2, 1, 3], [1, 4, 1]],
  ];
  for (const op of Object.keys(BINARY_OPS)) {
    for (const [aShape, bShape] of broadcasts) {
      it(`${op} of [${aShape.join(',')}] and [${bShape.join(',')}] matches cpu within 1e-6`, async () => {
        const [native, cpu] = await onNativeAndCpu(() => {
          const a = tf.tensor(seededValues(tf.util.sizeFromShape(aShape), 61, 0.5, 2), aShape);
          const b = tf.tensor(seededValues(tf.util.sizeFromShape(bShape), 62, 0.5, 2), bShape);
          return tf.engine().runKernel<tf.Tensor>(op, { a, b });
        });
        expect(worstRelativeError(native, cpu)).toBeLessThan(1e-6);
      });
    }
  }

  it('adds int32 tensors exactly (cpu fallback)', async () => {
    const [native] = await onNativeAndCpu(() => tf.add(tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([10, 20, 30], 'int32')));
    expect(Array.from(native[0]?.values ?? [])).toEqual([11, 22, 33]);
  });

  const reductions: { axis: number | number[]; keepDims: boolean }[] = [
    { axis: 0, keepDims: false },
    { axis: 1, keepDims: true },
    { axis: 2, keepDims: false },
    { axis: [0, 1], keepDims: false },
    { axis: [1, 2], keepDims: true },
    { axis: [0, 2], keepDims: false },
    { axis: -1, keepDims: false },
  ];
  for (const op of Object.keys(REDUCE_OPS)) {
    for (const { axis, keepDims } of reductions) {
      it(`${op} over axis ${JSON.stringify(axis)} (keepDims ${keepDims}) matches cpu within 1e-5`, async () => {
        const [native, cpu] = await onNativeAndCpu(() => {
          const x = tf.tensor(seededValues(5 * 6 * 7, 71, -4, 4), [5, 6, 7]);
          // Max names its axes reductionIndices; Sum, Mean and Min call them axis.
          const attrs: tf.NamedAttrMap = op === 'Max' ? { reductionIndices: axis, keepDims } : { axis, keepDims };
          return tf.engine().runKernel<tf.Tensor>(op, { x }, attrs);
        });
        expect(worstRelativeError(native, cpu)).toBeLessThan(1e-5);
      });
    }
  }
});

describe.skipIf(skip !== null)(`native elementwise kernels on large tensors (split across threads)${skip ? ` — skipped: ${skip}` : ''}`, () => {
  // 600·1001 elements: above the addon's threshold for splitting a loop across threads, and not a multiple of it.
  const shape = [600, 1001];
  it('Multiply by a bias row, Sub of a per-row column and Step match cpu exactly', async () => {
    const [native, cpu] = await onNativeAndCpu(() => {
      const x = tf.tensor(seededValues(600 * 1001, 131), shape);
      return [
        tf.mul(x, tf.tensor1d(seededValues(1001, 132))),
        tf.sub(tf.tensor(seededValues(600, 133), [600, 1]), x),
        tf.step(x, 0.5),
        tf.exp(x),
      ];
    });
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-6);
  });
});
