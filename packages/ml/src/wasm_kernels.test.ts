import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { describeEachBackend, expectCloseAsync } from './testing/index.js';

await describeEachBackend('UnsortedSegmentSum and the Gather gradient', () => {
  it('sums rows into segments like TensorFlow (ids out of range dropped)', async () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
    const summed = tf.unsortedSegmentSum(x, tf.tensor1d([2, 0, 2, 5], 'int32'), 3);
    expect(summed.shape).toEqual([3, 2]);
    await expectCloseAsync(summed, [3, 4, 0, 0, 1 + 5, 2 + 6], 0);
    tf.dispose([x, summed]);
  });

  it('gives the embedding gradient: d/dtable Σ gather(table, ids) counts each id', async () => {
    const table = tf.variable(tf.zeros([4, 3]));
    const ids = tf.tensor1d([1, 3, 1, 1], 'int32');
    const { grads } = tf.variableGrads(() => tf.sum(tf.gather(table, ids)), [table]);
    await expectCloseAsync(grads[table.name]!, [0, 0, 0, 3, 3, 3, 0, 0, 0, 1, 1, 1], 0);
    tf.dispose([table, ids, ...Object.values(grads)]);
  });
});
