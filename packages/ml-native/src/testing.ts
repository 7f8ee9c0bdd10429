// Test support: run the same computation on `native` and on tfjs's `cpu` backend and compare the numbers.
import * as tf from '@tensorflow/tfjs';
import { nativeAvailable } from './addon.js';
import { registerNativeBackend } from './backend.js';

export interface Computed {
  shape: number[];
  values: Float32Array | Int32Array | Uint8Array;
}

/** Why the native suites are skipped here, or null when they run. */
export function nativeSkipReason(): string | null {
  const status = nativeAvailable();
  if (!status.ok) return status.reason ?? 'native addon unavailable';
  return registerNativeBackend() ? null : 'registerNativeBackend() returned false';
}

/** Deterministic uniform values in [low, high): the same inputs on every backend without tfjs's RNG. */
export function seededValues(count: number, seed: number, low = -1, high = 1): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = low + ((state >>> 8) / 2 ** 24) * (high - low);
  }
  return out;
}

/** Runs `compute` with `backend` active and copies every resulting tensor out before disposing it. */
export async function runOn(backend: string, compute: () => tf.Tensor | tf.Tensor[]): Promise<Computed[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not initialise`);
  const results = tf.tidy(() => {
    const out = compute();
    return Array.isArray(out) ? out : [out];
  });
  const copied = results.map((t) => ({ shape: t.shape, values: t.dataSync().slice() }));
  tf.dispose(results);
  return copied;
}

/** Worst element of |actual − expected| / max(1, |expected|), after checking shapes match. */
export function worstRelativeError(actual: Computed[], expected: Computed[]): number {
  if (actual.length !== expected.length) throw new Error(`got ${actual.length} tensors, expected ${expected.length}`);
  let worst = 0;
  actual.forEach((a, i) => {
    const e = expected[i] as Computed;
    if (a.shape.join(',') !== e.shape.join(',')) throw new Error(`tensor ${i}: shape [${a.shape.join(',')}], expected [${e.shape.join(',')}]`);
    for (let j = 0; j < e.values.length; j++) {
      const x = a.values[j] as number;
      const y = e.values[j] as number;
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      const error = Math.abs(x - y) / Math.max(1, Math.abs(y));
      worst = Number.isNaN(error) ? Number.POSITIVE_INFINITY : Math.max(worst, error);
    }
  });
  return worst;
}

/** Runs `compute` on `native` and on `cpu`: [native results, cpu results]. */
export async function onNativeAndCpu(compute: () => tf.Tensor | tf.Tensor[]): Promise<[Computed[], Computed[]]> {
  const native = await runOn('native', compute);
  const cpu = await runOn('cpu', compute);
  return [native, cpu];
}
