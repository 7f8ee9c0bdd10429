// Character language-model data for compute tasks: the vocabulary a model was trained with, corpora mapped onto it, batches, loss.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadDataset, shuffledRowBatches, textWindows, windowStarts, type BatchSource, type TextDataset, type TrainBatch } from '@distillery/ml';
import type { DatasetRef, ModelArch } from '@distillery/schemas';
import { JobInputError } from './failures.js';

/** Saved beside model.json: a character model is useless without the id → character table it was trained with. */
export const VOCABULARY_FILE = 'vocabulary.json';

export async function writeVocabulary(modelDir: string, vocab: readonly string[]): Promise<void> {
  await writeFile(path.join(modelDir, VOCABULARY_FILE), JSON.stringify({ vocab }));
}

/** The model's vocabulary, or null for a model that has none (a classifier). */
export async function readVocabulary(modelDir: string): Promise<string[] | null> {
  let raw: string;
  try {
    raw = await readFile(path.join(modelDir, VOCABULARY_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = JSON.parse(raw) as { vocab?: unknown };
  if (!Array.isArray(parsed.vocab) || !parsed.vocab.every((c) => typeof c === 'string')) {
    throw new Error(`${path.join(modelDir, VOCABULARY_FILE)}: expected {"vocab": [characters]}`);
  }
  return parsed.vocab;
}

/** Copies a model's vocabulary to a derived model's folder (quantized variants, merged LoRA), when it has one. */
export async function copyVocabulary(fromDir: string, toDir: string): Promise<void> {
  try {
    await copyFile(path.join(fromDir, VOCABULARY_FILE), path.join(toDir, VOCABULARY_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

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

/** Loads a data set that must be a text corpus; `field` names the spec field in the error. */
export async function loadTextDataset(ref: DatasetRef, seed: number, uploadsDir: string, field: string): Promise<TextDataset> {
  const dataset = await loadDataset(ref, { seed, uploadsDir });
  if (dataset.kind !== 'text') {
    throw new JobInputError(`${field}: data set "${ref.name}" is a classification data set, but the model is a character language model`);
  }
  return dataset;
}

/** The context (window length) of a character-transformer arch, or a clear error for any other family. */
export function contextOf(arch: ModelArch, field: string): number {
  if (arch.family !== 'char-transformer') {
    throw new JobInputError(`${field}: a ${arch.family} cannot be trained on a text corpus; use the char-transformer family`);
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
  if (starts.length === 0) throw new JobInputError(`data set: ${ids.length} characters are too few for one window of ${context}`);
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
