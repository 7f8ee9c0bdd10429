// The output-buffer pool: recycles only buffers nothing outside the backend can see, on its own and inside `native`.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Float32Pool, poolCapacityBytes } from './buffer_pool.js';
import type { NativeBackend } from './native_backend.js';
import { nativeSkipReason, seededValues } from './testing.js';

const LARGE = 1 << 15;

describe('poolCapacityBytes', () => {
  it('takes megabytes, defaults to a quarter of memory and names a bad value', async () => {
    const os = await import('node:os');
    expect(poolCapacityBytes(2)).toBe(2 * 1024 * 1024);
    expect(poolCapacityBytes(0)).toBe(0);
    expect(poolCapacityBytes()).toBe(Math.floor(os.totalmem() / 4));
    expect(() => poolCapacityBytes(-1)).toThrow(/megabytes >= 0, got -1/);
    expect(() => poolCapacityBytes(Number.NaN)).toThrow(/megabytes >= 0, got NaN/);
  });
});

describe('Float32Pool', () => {
  it('hands a released buffer to the next request of the same length', () => {
    const pool = new Float32Pool(1 << 30);
    const first = pool.take(LARGE);
    pool.registered(first);
    pool.released(first);
    expect(pool.take(LARGE + 1)).not.toBe(first);
    expect(pool.take(LARGE)).toBe(first);
    expect(pool.stats()).toMatchObject({ hits: 1, misses: 2, pooledBytes: 0 });
  });

  it('never recycles a buffer that was read, that backs a second tensor, or that a view was taken of', () => {
    const pool = new Float32Pool(1 << 30);
    const read = pool.take(LARGE);
    pool.registered(read);
    pool.exposed(read);
    pool.released(read);

    const shared = pool.take(LARGE);
    pool.registered(shared);
    pool.registered(shared);
    pool.released(shared);

    const viewed = pool.take(LARGE);
    pool.registered(viewed);
    pool.registered(viewed.subarray(8, 16));
    pool.released(viewed);

    expect(pool.stats().pooledBytes).toBe(0);
    for (const array of [read, shared, viewed]) expect(pool.take(LARGE)).not.toBe(array);
  });

  it('keeps no more than its capacity and leaves small arrays to V8', () => {
    const pool = new Float32Pool(LARGE * 4);
    const [a, b] = [pool.take(LARGE), pool.take(LARGE)];
    for (const array of [a, b]) {
      pool.registered(array);
      pool.released(array);
    }
    expect(pool.stats().pooledBytes).toBe(LARGE * 4);
    const small = pool.take(16);
    pool.registered(small);
    pool.released(small);
    expect(pool.stats().pooledBytes).toBe(LARGE * 4);
  });
});

const skip = nativeSkipReason();

describe.skipIf(skip !== null)(`the native backend's pool${skip ? ` — skipped: ${skip}` : ''}`, () => {
  async function nativeBackend(): Promise<NativeBackend> {
    await tf.setBackend('native');
    return tf.backend() as NativeBackend;
  }

  it('recycles the outputs of a repeated computation', async () => {
    const backend = await nativeBackend();
    const x = tf.tensor(seededValues(LARGE, 1));
    const before = backend.poolStats().hits;
    for (let i = 0; i < 5; i++) tf.tidy(() => {
      tf.exp(tf.mul(x, 2));
    });
    expect(backend.poolStats().hits - before).toBeGreaterThanOrEqual(8);
    x.dispose();
  });

  it('leaves arrays returned by dataSync untouched after their tensor is disposed', async () => {
    await nativeBackend();
    const x = tf.tensor(seededValues(LARGE, 2));
    const y = tf.mul(x, 3);
    const values = y.dataSync();
    const copy = values.slice();
    y.dispose();
    for (let i = 0; i < 3; i++) tf.tidy(() => {
      tf.mul(x, -7);
    });
    expect(values).toEqual(copy);
    x.dispose();
  });

  it('keeps a slice (a view of its input) correct after the input is disposed and its length reallocated', async () => {
    await nativeBackend();
    const x = tf.tensor(seededValues(LARGE, 3));
    const doubled = tf.mul(x, 2);
    const head = tf.slice(doubled, [0], [LARGE / 2]);
    const expected = Array.from(doubled.dataSync().slice(0, LARGE / 2));
    doubled.dispose();
    for (let i = 0; i < 3; i++) tf.tidy(() => {
      tf.add(x, 100);
    });
    expect(Array.from(head.dataSync())).toEqual(expected);
    tf.dispose([x, head]);
  });
});
