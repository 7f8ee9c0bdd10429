// Turns typed-array data sets into tensors one batch at a time (the arrays stay on the JS heap; only a batch is a tensor).
import * as tf from '@tensorflow/tfjs';
import type { Rng } from './rng.js';
import type { ClassificationSplit } from './types.js';

export interface ClassificationBatch {
  /** [batch, ...inputShape] */
  xs: tf.Tensor;
  /** [batch] int32 class indices */
  labels: tf.Tensor1D;
}

/** Rows at `indices` (e.g. a slice of a shuffled permutation) as tensors; the caller disposes them. */
export function classificationBatch(split: ClassificationSplit, inputShape: readonly number[], indices: ArrayLike<number>): ClassificationBatch {
  const rowSize = inputShape.reduce((a, b) => a * b, 1);
  if (split.x.length !== split.count * rowSize) {
    throw new Error(`inputShape [${inputShape.join(',')}] does not match the split (${split.x.length} values for ${split.count} rows)`);
  }
  const count = indices.length;
  const x = new Float32Array(count * rowSize);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const row = indices[i] as number;
    if (!(row >= 0 && row < split.count)) throw new Error(`batch index ${row} is outside the split (0..${split.count - 1})`);
    x.set(split.x.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize);
    y[i] = split.y[row] as number;
  }
  return { xs: tf.tensor(x, [count, ...inputShape], 'float32'), labels: tf.tensor1d(y, 'int32') };
}

/** Consecutive rows [start, start + size) clipped to the split: for evaluation passes in order. */
export function classificationRange(split: ClassificationSplit, inputShape: readonly number[], start: number, size: number): ClassificationBatch {
  const end = Math.min(split.count, start + size);
  return classificationBatch(split, inputShape, Int32Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i));
}

/** One-hot labels [batch, numClasses] float32, for losses that want probabilities. */
export function oneHotLabels(labels: tf.Tensor1D, numClasses: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(labels, numClasses), 'float32') as tf.Tensor2D);
}

export interface TextBatch {
  /** [batch, context] int32 character ids */
  inputs: tf.Tensor2D;
  /** [batch, context] int32: inputs shifted left by one (the next character at every position) */
  targets: tf.Tensor2D;
}

/** Windows starting at `starts`: inputs ids[s .. s+context), targets ids[s+1 .. s+context]. */
export function textWindows(ids: Int32Array, context: number, starts: ArrayLike<number>): TextBatch {
  const batchSize = starts.length;
  const inputs = new Int32Array(batchSize * context);
  const targets = new Int32Array(batchSize * context);
  for (let b = 0; b < batchSize; b++) {
    const start = starts[b] as number;
    if (!(start >= 0 && start + context + 1 <= ids.length)) {
      throw new Error(`window start ${start} with context ${context} runs past the text (${ids.length} ids)`);
    }
    inputs.set(ids.subarray(start, start + context), b * context);
    targets.set(ids.subarray(start + 1, start + context + 1), b * context);
  }
  return { inputs: tf.tensor2d(inputs, [batchSize, context], 'int32'), targets: tf.tensor2d(targets, [batchSize, context], 'int32') };
}

/** `batchSize` random windows of `context` characters (uniform start positions drawn from `rng`). */
export function textBatch(ids: Int32Array, context: number, batchSize: number, rng: Rng): TextBatch {
  if (!Number.isInteger(context) || context < 1) throw new Error(`context: must be a positive integer, got ${context}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize: must be a positive integer, got ${batchSize}`);
  const positions = ids.length - context;
  if (positions < 1) throw new Error(`context: ${context} needs a text longer than ${ids.length} characters`);
  const starts = Int32Array.from({ length: batchSize }, () => rng.nextInt(positions));
  return textWindows(ids, context, starts);
}

/** Start offsets of non-overlapping windows covering the text once, in order: a deterministic evaluation pass. */
export function evaluationWindowStarts(length: number, context: number): Int32Array {
  const count = Math.max(0, Math.floor((length - 1) / context));
  return Int32Array.from({ length: count }, (_, i) => i * context);
}
