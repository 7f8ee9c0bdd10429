import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { classificationBatch, evaluationWindowStarts, textBatch, textWindows } from './batches.js';
import { createRng } from './rng.js';

it('textBatch returns [batch, context] windows whose targets are the inputs shifted by one', async () => {
  const ids = Int32Array.from({ length: 100 }, (_, i) => i);
  const before = tf.memory().numTensors;
  const { inputs, targets } = textBatch(ids, 8, 4, createRng(1));
  expect(inputs.shape).toEqual([4, 8]);
  expect(inputs.dtype).toBe('int32');
  const x = await inputs.array();
  const y = await targets.array();
  for (let b = 0; b < 4; b++) {
    for (let t = 0; t < 8; t++) expect(y[b]![t]).toBe(x[b]![t]! + 1);
    expect(x[b]![0]! + 8).toBeLessThanOrEqual(99);
  }
  const again = textBatch(ids, 8, 4, createRng(1));
  expect(await again.inputs.array()).toEqual(x);
  tf.dispose([inputs, targets, again.inputs, again.targets]);
  expect(tf.memory().numTensors).toBe(before);
  expect(() => textWindows(ids, 8, [92])).toThrow(/runs past the text/);
  expect(Array.from(evaluationWindowStarts(17, 8))).toEqual([0, 8]);
});

it('classificationBatch gathers rows and labels', async () => {
  const split = { x: Float32Array.from([0, 0, 1, 1, 2, 2]), y: Int32Array.from([5, 6, 7]), count: 3 };
  const { xs, labels } = classificationBatch(split, [2], [2, 0]);
  expect(await xs.array()).toEqual([
    [2, 2],
    [0, 0],
  ]);
  expect(Array.from(await labels.data())).toEqual([7, 5]);
  tf.dispose([xs, labels]);
  expect(() => classificationBatch(split, [3], [0])).toThrow(/inputShape/);
});
