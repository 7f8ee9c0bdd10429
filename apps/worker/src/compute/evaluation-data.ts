// Loads a job's evaluation split as tensors: the test examples of a classification data set.
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '@distillery/ml';
import type { DatasetRef } from '@distillery/schemas';
import { JobInputError } from './failures.js';

export interface EvaluationData {
  name: string;
  hash: string;
  /** [examples, ...inputShape] */
  x: tf.Tensor;
  /** Class ids, one per example. */
  y: Int32Array;
  examples: number;
  dispose(): void;
}

export async function loadEvaluationData(ref: DatasetRef, seed: number, uploadsDir: string): Promise<EvaluationData> {
  const dataset = await loadDataset(ref, { seed, uploadsDir });
  if (dataset.kind !== 'classification') {
    throw new JobInputError(`data set "${ref.name}" is a text corpus; benchmarks measure classifiers on a classification data set`);
  }
  const { test } = dataset;
  if (test.count === 0) throw new JobInputError(`data set "${ref.name}" has an empty test split`);
  const x = tf.tensor(test.x, [test.count, ...dataset.inputShape], 'float32');
  return {
    name: dataset.name,
    hash: dataset.hash,
    x,
    y: test.y,
    examples: test.count,
    dispose: () => x.dispose(),
  };
}
