// Small float64 references and deterministic inputs for the GPU numeric checks (plain JS, independent of any backend).
import type * as tf from '@tensorflow/tfjs';
import { createRng } from '../data/rng.js';

/** `count` uniform values in [lo, hi) from a seeded stream, so every backend sees identical inputs. */
export function seededValues(count: number, seed: number, lo = -1, hi = 1): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * rng.next();
  return out;
}

/** C = op(A)·op(B) in float64; A is [rows, inner] (or [inner, rows] when transposed), likewise B. */
export function matMulReference(
  a: Float32Array,
  b: Float32Array,
  dims: { rows: number; inner: number; cols: number; transposeA?: boolean; transposeB?: boolean },
): Float64Array {
  const { rows, inner, cols } = dims;
  const aAt = dims.transposeA === true ? (r: number, k: number) => a[k * rows + r]! : (r: number, k: number) => a[r * inner + k]!;
  const bAt = dims.transposeB === true ? (k: number, c: number) => b[c * inner + k]! : (k: number, c: number) => b[k * cols + c]!;
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += aAt(r, k) * bAt(k, c);
      out[r * cols + c] = sum;
    }
  }
  return out;
}

/** softmax(row / temperature) in float64. */
export function softmaxReference(row: ArrayLike<number>, temperature = 1): number[] {
  const scaled = Array.from(row, (v) => v / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((v) => Math.exp(v - max));
  const total = exps.reduce((s, v) => s + v, 0);
  return exps.map((v) => v / total);
}

/** Largest |actual − expected| / max(1, |expected|) and where; Infinity when lengths differ or a value is not finite. */
export function worstRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): { error: number; index: number } {
  if (actual.length !== expected.length) return { error: Infinity, index: -1 };
  let error = 0;
  let index = -1;
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i]!;
    const d = Math.abs(actual[i]! - e) / Math.max(1, Math.abs(e));
    if (!(d <= error)) {
      error = Number.isFinite(d) ? d : Infinity;
      index = i;
      if (!Number.isFinite(d)) break;
    }
  }
  return { error, index };
}

/** Throws a message naming the check's quantity when `actual` is not within `tol` of `expected`. */
export function assertClose(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): string {
  const { error, index } = worstRelativeError(actual, expected);
  const detail = `${what}: worst relative error ${error.toExponential(2)} (tolerance ${tol})`;
  if (!(error <= tol)) {
    const at = index >= 0 ? `; at index ${index}: ${actual[index]} vs ${expected[index]}` : '; lengths differ';
    throw new Error(detail + at);
  }
  return detail;
}

/** Reads a tensor's values asynchronously (webgpu under Node has no synchronous read) and disposes it. */
export async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  const values = (await t.data()) as Float32Array;
  t.dispose();
  return values;
}
