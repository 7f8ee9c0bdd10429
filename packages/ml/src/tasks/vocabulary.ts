// The character language model's sidecar file: the id → character table it was trained with, saved beside model.json.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A character model is useless without the vocabulary it was trained with, so it travels with every copy of the model. */
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
