// Character language-model data: corpora mapped onto a model's vocabulary, windows of token ids, next-character loss.
import * as tf from '@tensorflow/tfjs';
import type { ModelArch } from '@distillery/schemas';
import type { TextDataset } from '../data/types.js';
import { textWindows } from '../data/batches.js';
import { windowStarts } from '../distill/distill_language_model.js';
import { shuffledRowBatches } from '../train/batch_sources.js';
import type { BatchSource, TrainBatch } from '../train/train.js';
import { JobInputError } from './errors.js';

/**
 * Re-encodes a corpus under another vocabulary: every character keeps its meaning, characters the vocabulary lacks
 * become the unknown id 0. Corpora have different vocabularies, and a trained model only knows its own.
 */
export function remapText(dataset: TextDataset, vocab: readonly string[]): TextDataset {
  const idOf = new Map(vocab.map((char, i) => [char, i]));
  const table = Int32Array.from(dataset.vocab, (char, i) => (i === 0 ? 0 : (idOf.get(char) ?? 0)));
  const remap = (ids: Int32Array): Int32Array => Int32Array.from(ids, (id) => table[id] ?? 0);
  return { ...dataset, vocab: [...vocab], train: remap(dataset.train), test: remap(dataset.test) };
}

/** Share of a corpus's characters that fall outside `vocab` after remapping (reported, so a poor fit is visible). */
export function unknownShare(ids: Int32Array): number {
  if (ids.length === 0) return 0;
  let unknown = 0;
  for (const id of ids) if (id === 0) unknown++;
  return unknown / ids.length;
}

/** The context (window length) of a character-transformer arch, or a clear error for any other family. */
export function contextOf(arch: ModelArch, field: string): number {
  if (arch.family !== 'char-transformer') {
    throw new JobInputError(`${field}: a ${arch.family} cannot be trained on a text corpus; use the char-transformer family`, field);
  }
  return arch.context;
}

/** The context a loaded character model reads: its input's sequence length. */
export function modelContext(model: tf.LayersModel, modelDir: string): number {
  const shape = model.inputs[0]?.shape ?? [];
  const context = shape[1];
  if (shape.length !== 2 || typeof context !== 'number') {
    throw new JobInputError(`model at ${modelDir} does not read token windows (input shape [${shape.join(', ')}])`);
  }
  return context;
}

/** One epoch visits every non-overlapping window once, in an order drawn from the loop's seeded RNG (so resumes replay it). */
export function textWindowBatches(ids: Int32Array, context: number, batchSize: number): { source: BatchSource; stepsPerEpoch: number } {
  const starts = windowStarts(ids.length, context);
  if (starts.length === 0) throw new JobInputError(`data set: ${ids.length} characters are too few for one window of ${context}`, 'dataset');
  const source: BatchSource = function* epoch(_epoch, rng) {
    for (const rows of shuffledRowBatches(starts.length, batchSize, rng)) {
      const { inputs, targets } = textWindows(ids, context, Array.from(rows, (w) => starts[w] as number));
      yield { x: inputs, y: targets };
    }
  };
  return { source, stepsPerEpoch: Math.ceil(starts.length / batchSize) };
}

/** Mean next-character cross-entropy over every position of every window (nats). */
export function tokenCrossEntropy(vocabSize: number): (logits: tf.Tensor, batch: TrainBatch) => tf.Scalar {
  return (logits, batch) =>
    tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(
      tf.oneHot(tf.reshape<tf.Rank.R1>(batch.y, [-1]), vocabSize),
      tf.reshape(logits, [-1, vocabSize]),
    );
}

/** A corpus split as [windows, context] int32 ids (non-overlapping windows, in order), for evaluation and timing. */
export function testWindows(ids: Int32Array, context: number): tf.Tensor2D {
  const starts = windowStarts(ids.length, context);
  const inputs = new Int32Array(starts.length * context);
  starts.forEach((start, w) => inputs.set(ids.subarray(start, start + context), w * context));
  return tf.tensor2d(inputs, [starts.length, context], 'int32');
}
