// Data sets for @distillery/ml: loaders, split/feature helpers, batches and the seeded RNG.
export * from './types.js';
export * from './rng.js';
export * from './load.js';
export * from './batches.js';
export { buildVocabulary, bagOfWords, tokenize, DEFAULT_VOCABULARY_SIZE, type BagOfWordsWeighting } from './bag_of_words.js';
export { charTextDataset, codePoints, decodeChars, encodeChars } from './char_text.js';
export { parseClassificationJsonl, UploadFormatError, DEFAULT_UPLOAD_LIMITS, type UploadLimits, type ParsedClassificationUpload } from './upload.js';
export { seededSplit } from './split.js';
export { mnistArrays, MNIST_PIXELS } from './mnist.js';
export { datasetHash } from './hash.js';
