// BatchMatMul and _FusedMatMul on `native` against tfjs's cpu backend: every transpose combination, batch shapes,
// broadcasting, fused bias and activations, and the int32 fallback.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { nativeSkipReason, onNativeAndCpu, seededValues, worstRelativeError } from '../testing.js';

const skip = nativeSkipReason();

describe.skipIf(skip !== null)(`native matMul${skip ? ` — skipped: ${skip}` : ''}`, () => {
  const shapes: { name: string; a: number[]; b: number[] }[] = [
    { name: '2D', a: [37, 53], b: [53, 29] },
    { name: 'batched 3D', a: [4, 17, 23], b: [4, 23, 11] },
    { name: 'b broadcast over batch', a: [3, 2, 9, 13], b: [13, 7] },
    { name: 'a broadcast over batch', a: [9, 13], b: [5, 13, 7] },
  ];
  for (const { name, a, b } of shapes) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`${name}, transposeA=${transposeA}, transposeB=${transposeB} matches cpu within 1e-5`, async () => {
          const swapLast = (s: number[], t: boolean) => (t ? [...s.slice(0, -2), s.at(-1) as number, s.at(-2) as number] : s);
          const aShape = swapLast(a, transposeA);
          const bShape = swapLast(b, transposeB);
          const [native, cpu] = await onNativeAndCpu(() =>
            tf.matMul(tf.tensor(seededValues(tf.util.sizeFromShape(aShape), 1), aShape), tf.tensor(seededValues(tf.util.sizeFromShape(bShape), 2), bShape), transposeA, transposeB),
          );
          expect(native[0]?.shape).toEqual([...(a.length > b.length ? a : b).slice(0, -2), a.at(-2), b.at(-1)]);
          expect(worstRelativeError(native, cpu)).toBeLessThan(1e-5);
        });
      }
    }
  }

  it('broadcasts batch axes the addon does not cover ([2,1] against [1,3]) through the cpu kernel', async () => {
    const [native, cpu] = await onNativeAndCpu(() => tf.matMul(tf.tensor(seededValues(2 * 4 * 5, 3), [2, 1, 4, 5]), tf.tensor(seededValues(3 * 5 * 6, 4), [1, 3, 5, 6])));
    expect(native[0]?.shape).toEqual([2, 3, 4, 6]);
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-5);
  });

  it('multiplies int32 matrices exactly (cpu fallback)', async () => {
    const [native, cpu] = await onNativeAndCpu(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), tf.tensor2d([[5, 6], [7, 8]], [2, 2], 'int32')));
    expect(Array.from(native[0]?.values ?? [])).toEqual([19, 22, 43, 50]);
    expect(worstRelativeError(native, cpu)).toBe(0);
  });

  it('rejects mismatched inner dimensions with the same message as tfjs', async () => {
    await tf.setBackend('native');
    expect(() => tf.matMul(tf.ones([2, 3]), tf.ones([4, 5]))).toThrow(/inner shapes \(3\) and \(4\)/);
  });

  for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const) {
    for (const transposeB of [false, true]) {
      it(`fused matMul with bias and ${activation} (transposeB=${transposeB}) matches cpu within 1e-5`, async () => {
        const [native, cpu] = await onNativeAndCpu(() =>
          tf.fused.matMul({
            a: tf.tensor(seededValues(31 * 19, 5, -2, 2), [31, 19]),
            b: tf.tensor(seededValues(19 * 23, 6, -2, 2), transposeB ? [23, 19] : [19, 23]),
            transposeB,
            bias: tf.tensor(seededValues(23, 7), [23]),
            activation,
            preluActivationWeights: activation === 'prelu' ? tf.tensor(seededValues(23, 8, 0, 0.5), [23]) : undefined,
            leakyreluAlpha: 0.1,
          }),
        );
        expect(worstRelativeError(native, cpu)).toBeLessThan(1e-5);
      });
    }
  }

  it('fused matMul with a scalar bias goes through the cpu Add and still matches', async () => {
    const [native, cpu] = await onNativeAndCpu(() =>
      tf.fused.matMul({ a: tf.tensor(seededValues(6 * 5, 9), [6, 5]), b: tf.tensor(seededValues(5 * 4, 10), [5, 4]), bias: tf.scalar(0.5), activation: 'relu' }),
    );
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-5);
  });

  it('gradients of fused matMul + bias + relu match cpu within 1e-5', async () => {
    const [native, cpu] = await onNativeAndCpu(() => {
      const a = tf.tensor(seededValues(16 * 12, 11), [16, 12]);
      const b = tf.tensor(seededValues(12 * 8, 12), [12, 8]);
      const bias = tf.tensor(seededValues(8, 13), [8]);
      const f = (x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(tf.fused.matMul({ a: x, b: w, bias: c, activation: 'relu' }), tf.range(0, 8).reshape([1, 8])));
      return tf.grads(f)([a, b, bias]);
    });
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-5);
  });
});
