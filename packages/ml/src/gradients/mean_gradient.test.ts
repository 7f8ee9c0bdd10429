// The replacement Mean gradient gives exactly tfjs's values (dy·ones/n) for every axis layout.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { meanGradient } from './mean_gradient.js';
import { seededValues } from '../gpu_tests/reference.js';

/** tfjs 4.22's own Mean gradient, written out: div(mul(reshape(dy, expanded), ones(x.shape)), n). */
function tfjsMeanGradient(dy: tf.Tensor, xShape: number[], axes: number[]): tf.Tensor {
  const expanded = xShape.map((size, i) => (axes.includes(i) ? 1 : size));
  const n = axes.reduce((product, i) => product * (xShape[i] as number), 1);
  return tf.div(tf.mul(tf.reshape(dy, expanded), tf.ones(xShape)), n);
}

describe('meanGradient', () => {
  const cases: { xShape: number[]; axis: number | number[] | undefined; keepDims: boolean }[] = [
    { xShape: [4, 6, 5], axis: 2, keepDims: true },
    { xShape: [4, 6, 5], axis: -1, keepDims: false },
    { xShape: [4, 6, 5], axis: [0, 2], keepDims: false },
    { xShape: [3, 7], axis: undefined, keepDims: false },
    { xShape: [2, 3, 4, 5], axis: [1], keepDims: true },
  ];
  for (const { xShape, axis, keepDims } of cases) {
    it(`equals tfjs's gradient exactly for mean over ${JSON.stringify(axis ?? 'all')} of [${xShape.join(',')}]${keepDims ? ', keepDims' : ''}`, async () => {
      await tf.setBackend('cpu');
      const x = tf.tensor(seededValues(tf.util.sizeFromShape(xShape), 131), xShape);
      const meanShape = tf.mean(x, axis, keepDims).shape;
      const dy = tf.tensor(seededValues(tf.util.sizeFromShape(meanShape), 132), meanShape);
      const axes = axis === undefined ? xShape.map((_, i) => i) : tf.util.parseAxisParam(axis, xShape);
      const ours = meanGradient(dy, xShape, axis);
      expect(ours.shape).toEqual(xShape);
      expect(Array.from(ours.dataSync())).toEqual(Array.from(tfjsMeanGradient(dy, xShape, axes).dataSync()));
      tf.dispose([x, dy, ours]);
    });
  }
});
