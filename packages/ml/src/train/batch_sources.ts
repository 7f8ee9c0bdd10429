// Ready-made batch sources for the training loop: seeded shuffles over typed-array classification splits.
import type * as tf from '@tensorflow/tfjs';
import { classificationBatch } from '../data/batches.js';
import type { Rng } from '../data/rng.js';
import type { ClassificationSplit } from '../data/types.js';
import type { BatchSource, TrainBatch } from './train.js';

export interface ClassificationBatchesOptions {
  /** Shape of one example, e.g. [784]. */
  inputShape: readonly number[];
  batchSize: number;
  /** Extra tensors per batch from the rows it holds, e.g. cached teacher logits. */
  extra?: (rows: Int32Array) => Record<string, tf.Tensor>;
  /** Drop a last, smaller batch (keeps every step the same size). Default false. */
  dropRemainder?: boolean;
}

/** Number of batches one epoch of `count` examples yields. */
export function batchesPerEpoch(count: number, batchSize: number, dropRemainder = false): number {
  return dropRemainder ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
}

/** Row indices of one epoch: a permutation of [0, count) drawn from `rng`, cut into batches of `batchSize`. */
export function* shuffledRowBatches(count: number, batchSize: number, rng: Rng, dropRemainder = false): Generator<Int32Array> {
  const order = rng.shuffle(Int32Array.from({ length: count }, (_, i) => i));
  const batches = batchesPerEpoch(count, batchSize, dropRemainder);
  for (let b = 0; b < batches; b++) yield order.slice(b * batchSize, Math.min(count, (b + 1) * batchSize));
}

/**
 * Each epoch: a permutation of the split drawn from the loop's RNG, cut into batches of `batchSize`
 * ({x: [batch, ...inputShape], y: [batch] int32}). Deterministic given the RNG state, as resuming requires.
 */
export function classificationBatches(split: ClassificationSplit, opts: ClassificationBatchesOptions): BatchSource {
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) throw new Error(`batchSize: must be a positive integer, got ${opts.batchSize}`);
  if (split.count < 1) throw new Error('data: the training split is empty');
  return function* epochBatches(_epoch: number, rng: Rng): Generator<TrainBatch> {
    for (const rows of shuffledRowBatches(split.count, opts.batchSize, rng, opts.dropRemainder)) {
      const { xs, labels } = classificationBatch(split, opts.inputShape, rows);
      yield { x: xs, y: labels, ...(opts.extra ? { extra: opts.extra(rows) } : {}) };
    }
  };
}
