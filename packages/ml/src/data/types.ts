// Shapes of loaded data sets: classification arrays (features + integer labels) and character-level text.

/** Examples stored row-major: `x` holds `count` rows of `inputShape` product floats, `y` the class indices. */
export interface ClassificationSplit {
  x: Float32Array;
  y: Int32Array;
  count: number;
}

export interface ClassificationDataset {
  kind: 'classification';
  name: string;
  /** sha256 of the source bytes plus the split parameters: names exactly the data a result came from. */
  hash: string;
  numClasses: number;
  classNames: string[];
  /** Shape of one example, e.g. [784] for MNIST or [K] for a bag of words. */
  inputShape: number[];
  train: ClassificationSplit;
  test: ClassificationSplit;
  /** For text classification: the word vocabulary (feature i counts word i), built from the training split only. */
  vocabulary?: string[];
}

export interface TextDataset {
  kind: 'text';
  name: string;
  hash: string;
  /** Characters by id; id 0 is the unknown-character slot for characters absent from the training part. */
  vocab: string[];
  /** Character ids. */
  train: Int32Array;
  test: Int32Array;
}

export type Dataset = ClassificationDataset | TextDataset;

/** The unknown-character symbol at vocab[0]. */
export const UNKNOWN_CHAR = '\uFFFD';
