// Numeric assertions with a tolerance, for numbers, nested arrays, typed arrays and tensors.
import * as tf from '@tensorflow/tfjs';

type Numeric = number | ArrayLike<number> | readonly Numeric[] | tf.Tensor;

function flatten(value: Numeric): { values: number[]; shape: number[] | null } {
  if (value instanceof tf.Tensor) return { values: Array.from(value.dataSync()), shape: value.shape };
  if (typeof value === 'number') return { values: [value], shape: null };
  const values: number[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'number') values.push(v);
    else if (v instanceof tf.Tensor) values.push(...v.dataSync());
    else if (ArrayBuffer.isView(v)) values.push(...Array.from(v as unknown as ArrayLike<number>));
    else if (Array.isArray(v)) v.forEach(visit);
    else throw new TypeError(`expectClose: cannot compare a value of type ${typeof v}`);
  };
  visit(value);
  return { values, shape: null };
}

/**
 * Asserts |actual − expected| ≤ tol · max(1, |expected|) element-wise (absolute near zero, relative for large values),
 * and that tensors compared with tensors have the same shape. NaN matches only NaN.
 */
export function expectClose(actual: Numeric, expected: Numeric, tol = 1e-5): void {
  const a = flatten(actual);
  const e = flatten(expected);
  if (a.shape && e.shape && a.shape.join(',') !== e.shape.join(',')) {
    throw new Error(`expectClose: shape [${a.shape.join(',')}] differs from expected [${e.shape.join(',')}]`);
  }
  if (a.values.length !== e.values.length) {
    throw new Error(`expectClose: ${a.values.length} values differ in count from ${e.values.length} expected`);
  }
  let worst = -1;
  let worstError = 0;
  let mismatches = 0;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i] as number;
    const y = e.values[i] as number;
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
      `expectClose: ${mismatches} of ${a.values.length} values differ by more than ${tol}; ` +
        `worst at index ${worst}: actual ${a.values[worst]} vs expected ${e.values[worst]}`,
    );
  }
}

/** Reads every tensor inside `value` asynchronously: webgpu under Node cannot dataSync (its readSync needs OffscreenCanvas). */
async function readAsync(value: Numeric): Promise<Numeric> {
  if (value instanceof tf.Tensor) return Array.from(await value.data());
  if (Array.isArray(value)) return Promise.all(value.map((v: Numeric) => readAsync(v)));
  return value;
}

/** `expectClose` for code that must also run on webgpu: tensors are read with `await data()`. Shapes are not compared. */
export async function expectCloseAsync(actual: Numeric, expected: Numeric, tol = 1e-5): Promise<void> {
  expectClose(await readAsync(actual), await readAsync(expected), tol);
}
