// Word vocabulary (top-K by document frequency over the training split only) and bag-of-words feature vectors.

export type BagOfWordsWeighting = 'log-count' | 'binary';

export const DEFAULT_VOCABULARY_SIZE = 2000;

const WORD = /[\p{L}\p{N}]+(?:'\p{L}+)?/gu;

/** Lower-cased runs of letters/digits (an apostrophe suffix kept), at most 40 characters: mail headers stay tokens. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(WORD)?.filter((word) => word.length <= 40) ?? [];
}

/** Word → occurrences in one document; computed once per document and shared by vocabulary and features. */
export function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of tokenize(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** The K words found in the most documents; ties broken alphabetically so the vocabulary is deterministic. */
export function buildVocabulary(documents: readonly (string | Map<string, number>)[], size: number): string[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`vocabularySize: must be a positive integer, got ${size}`);
  const documentFrequency = new Map<string, number>();
  for (const document of documents) {
    const counts = typeof document === 'string' ? wordCounts(document) : document;
    for (const word of counts.keys()) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  }
  // Most distinct tokens (ids, base64 fragments) occur in one document; sorting only the rest is much cheaper.
  let candidates = [...documentFrequency.entries()].filter(([, count]) => count >= 2);
  if (candidates.length < size) candidates = [...documentFrequency.entries()];
  return candidates
    .sort(([wordA, countA], [wordB, countB]) => countB - countA || (wordA < wordB ? -1 : wordA > wordB ? 1 : 0))
    .slice(0, size)
    .map(([word]) => word);
}

/** Row-major [documents, vocabulary] features: log(1 + count) or 1/0 presence; words outside the vocabulary are dropped. */
export function bagOfWords(
  documents: readonly (string | Map<string, number>)[],
  vocabulary: readonly string[],
  weighting: BagOfWordsWeighting,
): Float32Array {
  const index = new Map(vocabulary.map((word, i) => [word, i]));
  const width = vocabulary.length;
  const features = new Float32Array(documents.length * width);
  documents.forEach((document, row) => {
    const counts = typeof document === 'string' ? wordCounts(document) : document;
    for (const [word, count] of counts) {
      const column = index.get(word);
      if (column !== undefined) features[row * width + column] = weighting === 'binary' ? 1 : Math.log1p(count);
    }
  });
  return features;
}

/** Documents tokenised once: a shared word list and, per document, its distinct word ids with their counts. */
export interface TokenizedCorpus {
  words: string[];
  documents: { ids: Int32Array; counts: Int32Array }[];
}

export function tokenizeCorpus(documents: readonly string[]): TokenizedCorpus {
  const idOf = new Map<string, number>();
  const words: string[] = [];
  const tokenized = documents.map((document) => {
    const counts = wordCounts(document);
    const ids = new Int32Array(counts.size);
    const perWord = new Int32Array(counts.size);
    let k = 0;
    for (const [word, count] of counts) {
      let id = idOf.get(word);
      if (id === undefined) {
        id = words.length;
        idOf.set(word, id);
        words.push(word);
      }
      ids[k] = id;
      perWord[k++] = count;
    }
    return { ids, counts: perWord };
  });
  return { words, documents: tokenized };
}

/**
 * Vocabulary and features from a tokenised corpus: the same result as buildVocabulary + bagOfWords over the chosen
 * documents, but integer work only, so a cached corpus re-splits in milliseconds.
 */
export function bagOfWordsFromCorpus(
  corpus: TokenizedCorpus,
  vocabularyFrom: ArrayLike<number>,
  featureSets: readonly ArrayLike<number>[],
  size: number,
  weighting: BagOfWordsWeighting,
): { vocabulary: string[]; features: Float32Array[] } {
  if (!Number.isInteger(size) || size < 1) throw new Error(`vocabularySize: must be a positive integer, got ${size}`);
  const documentFrequency = new Int32Array(corpus.words.length);
  for (let i = 0; i < vocabularyFrom.length; i++) {
    for (const id of corpus.documents[vocabularyFrom[i] as number]!.ids) documentFrequency[id]!++;
  }
  let candidates: number[] = [];
  for (let id = 0; id < documentFrequency.length; id++) if (documentFrequency[id]! >= 2) candidates.push(id);
  if (candidates.length < size) {
    candidates = [];
    for (let id = 0; id < documentFrequency.length; id++) if (documentFrequency[id]! >= 1) candidates.push(id);
  }
  const words = corpus.words;
  const chosen = candidates
    .sort((a, b) => documentFrequency[b]! - documentFrequency[a]! || (words[a]! < words[b]! ? -1 : words[a]! > words[b]! ? 1 : 0))
    .slice(0, size);
  const column = new Int32Array(words.length).fill(-1);
  chosen.forEach((id, j) => (column[id] = j));
  const width = chosen.length;
  const features = featureSets.map((rows) => {
    const x = new Float32Array(rows.length * width);
    for (let r = 0; r < rows.length; r++) {
      const { ids, counts } = corpus.documents[rows[r] as number]!;
      for (let k = 0; k < ids.length; k++) {
        const j = column[ids[k]!]!;
        if (j >= 0) x[r * width + j] = weighting === 'binary' ? 1 : Math.log1p(counts[k]!);
      }
    }
    return x;
  });
  return { vocabulary: chosen.map((id) => words[id]!), features };
}
