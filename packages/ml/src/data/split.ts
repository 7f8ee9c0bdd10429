// Seeded train/test split for sources without their own test split, and the classification data set built from it.
import { bagOfWordsFromCorpus, DEFAULT_VOCABULARY_SIZE, tokenizeCorpus, type BagOfWordsWeighting, type TokenizedCorpus } from './bag_of_words.js';
import { datasetHash } from './hash.js';
import { createRng } from './rng.js';
import { takeRows } from './subset.js';
import type { ClassificationDataset } from './types.js';

export interface SplitParams {
  seed: number;
  testFraction: number;
  trainLimit?: number | undefined;
  testLimit?: number | undefined;
}

/** Shuffles [0, total) by seed; the first round(total·testFraction) go to test, the rest to train; then the limits cut each. */
export function seededSplit(total: number, params: SplitParams): { train: Int32Array; test: Int32Array } {
  if (!(params.testFraction > 0 && params.testFraction < 1)) {
    throw new Error(`testFraction: must be between 0 and 1 (exclusive), got ${params.testFraction}`);
  }
  const order = createRng(params.seed).shuffle(Int32Array.from({ length: total }, (_, i) => i));
  const testCount = Math.round(total * params.testFraction);
  if (testCount < 1 || testCount >= total) {
    throw new Error(`testFraction: ${params.testFraction} of ${total} examples leaves an empty train or test split`);
  }
  const test = order.subarray(0, testCount);
  const train = order.subarray(testCount);
  return {
    train: train.slice(0, params.trainLimit ?? train.length),
    test: test.slice(0, params.testLimit ?? test.length),
  };
}

export interface TextClassificationOptions {
  vocabularySize?: number;
  weighting?: BagOfWordsWeighting;
}

/** Documents → bag-of-words classification data: vocabulary from the training split only, so test words never leak. */
export function textClassificationDataset(args: {
  name: string;
  sourceDigest: string;
  /** Raw documents, or the same already tokenised (a cached corpus re-splits without re-tokenising). */
  documents: readonly string[] | TokenizedCorpus;
  labels: Int32Array;
  classNames: string[];
  split: SplitParams;
  options: TextClassificationOptions;
}): ClassificationDataset {
  const vocabularySize = args.options.vocabularySize ?? DEFAULT_VOCABULARY_SIZE;
  const weighting = args.options.weighting ?? 'log-count';
  const corpus = Array.isArray(args.documents) ? tokenizeCorpus(args.documents as readonly string[]) : (args.documents as TokenizedCorpus);
  const { train, test } = seededSplit(corpus.documents.length, args.split);
  const {
    vocabulary,
    features: [trainX, testX],
  } = bagOfWordsFromCorpus(corpus, train, [train, test], vocabularySize, weighting);
  const labelsOf = (indices: Int32Array): Int32Array => Int32Array.from(indices, (i) => args.labels[i] as number);
  return {
    kind: 'classification',
    name: args.name,
    hash: datasetHash(args.sourceDigest, { name: args.name, ...args.split, vocabularySize, weighting }),
    numClasses: args.classNames.length,
    classNames: args.classNames,
    inputShape: [vocabulary.length],
    vocabulary,
    train: { x: trainX!, y: labelsOf(train), count: train.length },
    test: { x: testX!, y: labelsOf(test), count: test.length },
  };
}

/** Fixed-length feature rows → classification data with the same seeded split. */
export function featureClassificationDataset(args: {
  name: string;
  sourceDigest: string;
  features: Float32Array;
  width: number;
  labels: Int32Array;
  classNames: string[];
  split: SplitParams;
}): ClassificationDataset {
  const { train, test } = seededSplit(args.labels.length, args.split);
  return {
    kind: 'classification',
    name: args.name,
    hash: datasetHash(args.sourceDigest, { name: args.name, ...args.split }),
    numClasses: args.classNames.length,
    classNames: args.classNames,
    inputShape: [args.width],
    train: takeRows(args.features, args.labels, args.width, train),
    test: takeRows(args.features, args.labels, args.width, test),
  };
}
