// Numeric assertions with a tolerance, for numbers, nested arrays, typed arrays and (read asynchronously) tensors.
import * as tf from '@tensorflow/tfjs';

/** Values `expectClose` compares synchronously: numbers, typed arrays and nested arrays of them. */
export type PlainNumeric = number | ArrayLike<number> | readonly PlainNumeric[];
/** Values `expectCloseAsync` compares: plain values, tensors, and arrays mixing both. */
export type Numeric = PlainNumeric | tf.Tensor | readonly Numeric[];

function flatten(value: PlainNumeric): number[] {
  if (typeof value === 'number') return [value];
  const values: number[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'number') values.push(v);
    else if (v instanceof tf.Tensor) {
      throw new TypeError('expectClose: cannot read a tensor synchronously (webgpu cannot); use expectCloseAsync');
    } else if (ArrayBuffer.isView(v)) values.push(...Array.from(v as unknown as ArrayLike<number>));
    else if (Array.isArray(v)) v.forEach(visit);
    else throw new TypeError(`expectClose: cannot compare a value of type ${typeof v}`);
  };
  visit(value);
  return values;
}

/**
 * Asserts |actual − expected| ≤ tol · max(1, |expected|) element-wise (absolute near zero, relative for large values).
 * NaN matches only NaN. Tensors are compared with `expectCloseAsync`.
 */
export function expectClose(actual: PlainNumeric, expected: PlainNumeric, tol = 1e-5): void {
  const a = flatten(actual);
  const e = flatten(expected);
  if (a.length !== e.length) {
    throw new Error(`expectClose: ${a.length} values differ in count from ${e.length} expected`);
  }
  let worst = -1;
  let worstError = 0;
  let mismatches = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = e[i] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) {
        mismatches++;
        if (worst < 0) worst = i;
      }
      continue;
    }
    const error = Math.abs(x - y);
    if (x === y || error <= tol * Math.max(1, Math.abs(y))) continue;
    mismatches++;
    if (error > worstError || worst < 0) {
      worst = i;
      worstError = error;
    }
  }
  if (mismatches > 0) {
    throw new Error(
      `expectClose: ${mismatches} of ${a.length} values differ by more than ${tol}; ` +
        `worst at index ${worst}: actual ${a[worst]} vs expected ${e[worst]}`,
    );
  }
}

/** Reads every tensor inside `value` asynchronously: webgpu under Node cannot dataSync (its readSync needs OffscreenCanvas). */
async function readAsync(value: Numeric): Promise<PlainNumeric> {
  if (value instanceof tf.Tensor) return Array.from(await value.data());
  if (Array.isArray(value)) return Promise.all(value.map((v: Numeric) => readAsync(v)));
  return value as PlainNumeric;
}

/**
 * `expectClose` that also accepts tensors, read with `await data()` so it runs on every backend, webgpu included.
 * A tensor compared with a tensor must also have the same shape.
 */
export async function expectCloseAsync(actual: Numeric, expected: Numeric, tol = 1e-5): Promise<void> {
  if (actual instanceof tf.Tensor && expected instanceof tf.Tensor && actual.shape.join(',') !== expected.shape.join(',')) {
    throw new Error(`expectClose: shape [${actual.shape.join(',')}] differs from expected [${expected.shape.join(',')}]`);
  }
  expectClose(await readAsync(actual), await readAsync(expected), tol);
}
