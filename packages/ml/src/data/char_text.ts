// Character-level language-model data: a seeded contiguous train/test split, a vocabulary from the training part, ids.
import { datasetHash } from './hash.js';
import { createRng } from './rng.js';
import { UNKNOWN_CHAR, type TextDataset } from './types.js';

/** Unicode code points of `text` (surrogate pairs kept together). */
export function codePoints(text: string): Int32Array {
  const points = new Int32Array(text.length);
  let n = 0;
  for (const char of text) points[n++] = char.codePointAt(0) as number;
  return points.slice(0, n);
}

export interface CharSplitParams {
  seed: number;
  testFraction: number;
  trainLimit?: number | undefined;
  testLimit?: number | undefined;
}

/**
 * One contiguous test block of round(N·testFraction) characters at a seeded offset; train is what precedes and follows
 * it (joined). Contiguous, so test text is never interleaved with training text. Limits keep each part's first characters.
 */
export function charTextDataset(name: string, sourceDigest: string, points: Int32Array, params: CharSplitParams): TextDataset {
  if (!(params.testFraction > 0 && params.testFraction < 1)) {
    throw new Error(`testFraction: must be between 0 and 1 (exclusive), got ${params.testFraction}`);
  }
  const total = points.length;
  const testLength = Math.round(total * params.testFraction);
  if (testLength < 2 || total - testLength < 2) {
    throw new Error(`${name}: ${total} characters are too few to split with testFraction ${params.testFraction}`);
  }
  const testStart = createRng(params.seed).nextInt(total - testLength + 1);
  const trainPoints = new Int32Array(total - testLength);
  trainPoints.set(points.subarray(0, testStart), 0);
  trainPoints.set(points.subarray(testStart + testLength), testStart);
  const testPoints = points.subarray(testStart, testStart + testLength);

  const trainUsed = trainPoints.subarray(0, params.trainLimit ?? trainPoints.length);
  const testUsed = testPoints.subarray(0, params.testLimit ?? testPoints.length);
  // Vocabulary: the training part's characters in code-point order; id 0 stands for any character not among them.
  const distinct = [...new Set(trainUsed)].sort((a, b) => a - b);
  const vocab = [UNKNOWN_CHAR, ...distinct.map((point) => String.fromCodePoint(point))];
  const idOf = new Map(distinct.map((point, i) => [point, i + 1]));
  const encode = (part: Int32Array): Int32Array => Int32Array.from(part, (point) => idOf.get(point) ?? 0);
  return {
    kind: 'text',
    name,
    hash: datasetHash(sourceDigest, { name, ...params }),
    vocab,
    train: encode(trainUsed),
    test: encode(testUsed),
  };
}

/** Characters for ids (id 0 renders as U+FFFD). */
export function decodeChars(vocab: readonly string[], ids: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < ids.length; i++) text += vocab[ids[i] as number] ?? UNKNOWN_CHAR;
  return text;
}

/** Ids for characters under an existing vocabulary (unknown characters → 0), e.g. to prompt a trained model. */
export function encodeChars(vocab: readonly string[], text: string): Int32Array {
  const idOf = new Map(vocab.map((char, i) => [char, i]));
  return Int32Array.from(text, (char) => (char === UNKNOWN_CHAR ? 0 : (idOf.get(char) ?? 0)));
}
