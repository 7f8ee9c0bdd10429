// loadDataset: resolves a DatasetRef (built-in name or upload:<id>) to deterministic, hashed train/test arrays.
import { BUILTIN_DATASETS, fieldPath, type DatasetRef, type FailureDetails } from '@distillery/schemas';
import type { BagOfWordsWeighting } from './bag_of_words.js';
import { charTextDataset } from './char_text.js';
import { mobyDickCorpus, sotuCorpus } from './corpora.js';
import { loadMnist } from './mnist.js';
import { loadSpamAssassin } from './spam_assassin.js';
import type { Dataset } from './types.js';
import { loadUpload, type UploadLimits } from './upload.js';

export class DatasetNotFoundError extends Error {
  /** The failure contract's details: `not-found`, with the spec field naming the data set when the caller said which. */
  readonly failure: FailureDetails;
  constructor(
    readonly dataset: string,
    field?: string,
  ) {
    super(`dataset "${dataset}" not found: built-in data sets are ${BUILTIN_DATASETS.join(', ')}; uploads are named upload:<id>`);
    this.name = 'DatasetNotFoundError';
    this.failure = { kind: 'not-found', ...(field === undefined ? {} : { field: fieldPath(field) }) };
  }
}

export interface LoadDatasetOptions {
  seed: number;
  /** Where `upload:<id>` files live (`<id>.jsonl` or `<id>.txt`). Required only for uploads. */
  uploadsDir?: string;
  uploadLimits?: UploadLimits;
  /** Word vocabulary size K for text classification (bag of words); default 2000. */
  vocabularySize?: number;
  /** Bag-of-words feature: log(1 + count) (default) or binary presence. */
  weighting?: BagOfWordsWeighting;
  /** The spec field that names `ref` (`dataset`, `calibration`), carried by a not-found failure. */
  field?: string;
}

export async function loadDataset(ref: DatasetRef, opts: LoadDatasetOptions): Promise<Dataset> {
  const { seed } = opts;
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`seed: must be a non-negative integer, got ${seed}`);
  // DatasetRef's default applies when the ref went through zod; a hand-built ref may lack it.
  const testFraction = ref.testFraction ?? 0.2;
  const resolved: DatasetRef = { ...ref, testFraction };
  const textOptions = {
    ...(opts.vocabularySize === undefined ? {} : { vocabularySize: opts.vocabularySize }),
    ...(opts.weighting === undefined ? {} : { weighting: opts.weighting }),
  };
  const split = { seed, testFraction, trainLimit: ref.trainLimit, testLimit: ref.testLimit };
  switch (ref.name) {
    case 'mnist':
      return loadMnist(resolved, seed);
    case 'spam-assassin':
      return loadSpamAssassin(resolved, seed, textOptions);
    case 'sotu': {
      const corpus = await sotuCorpus();
      return charTextDataset('sotu', corpus.sourceDigest, corpus.points, split);
    }
    case 'moby-dick': {
      const corpus = await mobyDickCorpus();
      return charTextDataset('moby-dick', corpus.sourceDigest, corpus.points, split);
    }
    default:
      if (ref.name.startsWith('upload:')) {
        if (opts.uploadsDir === undefined) throw new Error(`uploadsDir: required to load "${ref.name}"`);
        return loadUpload(resolved, seed, {
          uploadsDir: opts.uploadsDir,
          ...(opts.uploadLimits === undefined ? {} : { limits: opts.uploadLimits }),
          ...textOptions,
        });
      }
      throw new DatasetNotFoundError(ref.name, opts.field);
  }
}
