// Unit tests of the model-kind registry: which kind owns a saved model or a data set, and which sidecars travel with it.
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassificationDataset, TextDataset } from '../data/types.js';
import { charLanguageModel } from './char_language_model.js';
import { classifier } from './classifier.js';
import { dataLabel, kindForData, kindOfModel } from './registry.js';
import { readVocabulary, VOCABULARY_FILE, writeVocabulary } from './vocabulary.js';

const text: TextDataset = { kind: 'text', name: 'tiny', hash: 'h', vocab: ['\uFFFD', 'a'], train: Int32Array.of(1, 1), test: Int32Array.of(1) };
const features: ClassificationDataset = {
  kind: 'classification',
  name: 'pairs',
  hash: 'h',
  numClasses: 2,
  classNames: ['no', 'yes'],
  inputShape: [2],
  train: { x: Float32Array.of(0, 1), y: Int32Array.of(1), count: 1 },
  test: { x: Float32Array.of(1, 0), y: Int32Array.of(0), count: 1 },
};

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'distillery-kinds-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('kindForData', () => {
  it('trains a character language model on a text corpus and a classifier on anything with labels', () => {
    expect(kindForData(text)).toBe(charLanguageModel);
    expect(kindForData(features)).toBe(classifier);
    expect([dataLabel(text), dataLabel(features)]).toEqual(['text corpus', 'classification data set']);
  });
});

describe('kindOfModel', () => {
  it('knows a character model by its vocabulary and takes plain tfjs files for a classifier', async () => {
    const lm = path.join(root, 'lm');
    const plain = path.join(root, 'plain');
    await mkdir(lm);
    await mkdir(plain);
    await writeVocabulary(lm, ['\uFFFD', 'a', 'é']);
    expect(await kindOfModel(lm)).toBe(charLanguageModel);
    expect(await kindOfModel(plain)).toBe(classifier);
    expect(await readVocabulary(lm)).toEqual(['\uFFFD', 'a', 'é']);
  });

  it("copies a character model's vocabulary to a derived model, and nothing for a classifier", async () => {
    const from = path.join(root, 'lm');
    const derived = path.join(root, 'derived');
    const plainDerived = path.join(root, 'plain-derived');
    await mkdir(derived);
    await mkdir(plainDerived);
    await charLanguageModel.copySidecars(from, derived);
    await classifier.copySidecars(path.join(root, 'plain'), plainDerived);
    expect(await readdir(derived)).toEqual([VOCABULARY_FILE]);
    expect(await kindOfModel(derived)).toBe(charLanguageModel);
    expect(await readdir(plainDerived)).toEqual([]);
  });
});
