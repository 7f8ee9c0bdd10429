import { describe, expect, it } from 'vitest';
import { bagOfWords, bagOfWordsFromCorpus, buildVocabulary, tokenize, tokenizeCorpus } from './bag_of_words.js';
import { createRng } from './rng.js';
import { seededSplit, textClassificationDataset } from './split.js';

describe('seeded split and bag of words', () => {
  it('splits into disjoint, complete, seed-determined parts', () => {
    const a = seededSplit(100, { seed: 1, testFraction: 0.3 });
    expect(a.test.length).toBe(30);
    expect(new Set([...a.train, ...a.test]).size).toBe(100);
    expect(Array.from(seededSplit(100, { seed: 1, testFraction: 0.3 }).test)).toEqual(Array.from(a.test));
    expect(Array.from(seededSplit(100, { seed: 2, testFraction: 0.3 }).test)).not.toEqual(Array.from(a.test));
    expect(seededSplit(100, { seed: 1, testFraction: 0.3, trainLimit: 10, testLimit: 5 }).train.length).toBe(10);
    expect(() => seededSplit(3, { seed: 1, testFraction: 0.01 })).toThrow(/testFraction/);
  });

  it('tokenises, ranks words by document frequency (ties alphabetical) and weights log(1+count)', () => {
    expect(tokenize("Don't SHOUT: it's 2024!")).toEqual(["don't", 'shout', "it's", '2024']);
    const documents = ['b a a', 'b c', 'b a', 'd'];
    expect(buildVocabulary(documents, 3)).toEqual(['b', 'a', 'c']);
    const features = bagOfWords(['a a b z'], ['a', 'b'], 'log-count');
    expect(features[0]).toBeCloseTo(Math.log(3), 6);
    expect(features[1]).toBeCloseTo(Math.log(2), 6);
    expect(Array.from(bagOfWords(['a a b z'], ['a', 'b'], 'binary'))).toEqual([1, 1]);
  });

  it('the cached-corpus path gives exactly the vocabulary and features of the direct path', () => {
    const rng = createRng(4);
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    const documents = Array.from({ length: 60 }, () => Array.from({ length: 12 }, () => words[Math.floor(rng.next() ** 2 * 40)]).join(' '));
    const trainRows = Array.from({ length: 45 }, (_, i) => i);
    const testRows = Array.from({ length: 15 }, (_, i) => 45 + i);
    const vocabulary = buildVocabulary(trainRows.map((i) => documents[i]!), 25);
    const cached = bagOfWordsFromCorpus(tokenizeCorpus(documents), trainRows, [trainRows, testRows], 25, 'log-count');
    expect(cached.vocabulary).toEqual(vocabulary);
    expect(Array.from(cached.features[1]!)).toEqual(Array.from(bagOfWords(testRows.map((i) => documents[i]!), vocabulary, 'log-count')));
  });

  it('builds the vocabulary from the training split only', () => {
    // 'zebra' fills every test document (and the largest count) but no training document: it must not be a feature.
    const documents = Array.from({ length: 50 }, (_, i) => `common word${i % 5} `);
    const labels = Int32Array.from({ length: 50 }, (_, i) => i % 2);
    const { test } = seededSplit(50, { seed: 9, testFraction: 0.2 });
    for (const i of test) documents[i] = 'zebra zebra zebra zebra';
    const dataset = textClassificationDataset({
      name: 'toy',
      sourceDigest: 'x',
      documents,
      labels,
      classNames: ['a', 'b'],
      split: { seed: 9, testFraction: 0.2 },
      options: { vocabularySize: 100 },
    });
    expect(dataset.vocabulary).not.toContain('zebra');
    expect(dataset.vocabulary).toContain('common');
    expect(Array.from(dataset.test.x).every((v) => v === 0)).toBe(true);
  });
});
