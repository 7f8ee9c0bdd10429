// The replacement Tile gradient sums dy over every repetition, checked against a plain loop over indices.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { seededValues } from '../gpu_tests/reference.js';
import { tileGradient } from './tile_gradient.js';

/** Reference: dx[i] = Σ dy[j] over every output index j whose wrapped index is i. */
function loopGradient(dy: Float32Array, xShape: number[], reps: number[]): number[] {
  const outShape = xShape.map((d, i) => d * (reps[i] as number));
  const dx = new Array<number>(tf.util.sizeFromShape(xShape)).fill(0);
  const outStrides = tf.util.computeStrides(outShape);
  const xStrides = tf.util.computeStrides(xShape);
  for (let j = 0; j < dy.length; j++) {
    let rest = j;
    let source = 0;
    outShape.forEach((_, axis) => {
      const stride = outStrides[axis] ?? 1;
      const coordinate = Math.floor(rest / stride);
      rest -= coordinate * stride;
      source += (coordinate % (xShape[axis] as number)) * (xStrides[axis] ?? 1);
    });
    dx[source] = (dx[source] as number) + (dy[j] as number);
  }
  return dx;
}

describe('tileGradient', () => {
  const cases: { xShape: number[]; reps: number[] }[] = [
    { xShape: [3], reps: [4] },
    { xShape: [2, 3], reps: [2, 2] },
    { xShape: [2, 1, 3], reps: [1, 5, 1] },
    { xShape: [1, 4, 2], reps: [3, 1, 2] },
  ];
  for (const { xShape, reps } of cases) {
    it(`sums dy over the repetitions of [${xShape.join(',')}] tiled by [${reps.join(',')}]`, async () => {
      await tf.setBackend('cpu');
      const outShape = xShape.map((d, i) => d * (reps[i] as number));
      const dyValues = seededValues(tf.util.sizeFromShape(outShape), 111);
      const grad = tileGradient(tf.tensor(dyValues, outShape), xShape, reps);
      expect(grad.shape).toEqual(xShape);
      const expected = loopGradient(dyValues, xShape, reps);
      Array.from(grad.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected[i] as number, 5));
      grad.dispose();
    });
  }
});
