// Seeded selection of examples: which rows of a source form the train and test splits.
import type { Rng } from './rng.js';
import type { ClassificationSplit } from './types.js';

/** `limit` distinct indices of [0, total) chosen by `rng`, in ascending order (all of them when limit is absent). */
export function sampleIndices(total: number, limit: number | undefined, rng: Rng): Int32Array {
  const all = Int32Array.from({ length: total }, (_, i) => i);
  if (limit === undefined || limit >= total) return all;
  return rng.shuffle(all).slice(0, limit).sort();
}

/** Copies the rows at `indices` out of a row-major feature matrix and its labels. */
export function takeRows(x: Float32Array, y: Int32Array, rowSize: number, indices: ArrayLike<number>): ClassificationSplit {
  const count = indices.length;
  const outX = new Float32Array(count * rowSize);
  const outY = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const row = indices[i] as number;
    outX.set(x.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize);
    outY[i] = y[row] as number;
  }
  return { x: outX, y: outY, count };
}
