// The teacher-logits cache: values round-trip exactly, rows read back in any order, and bad files are refused.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createRng } from '../data/rng.js';
import { describeEachBackend, expectCloseAsync } from '../testing/index.js';
import { cacheTeacherLogits, loadTeacherLogits, openTeacherLogits } from './teacher_cache.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'distillery-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function randomRows(rows: number, width: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * width }, () => rng.nextNormal());
}

await describeEachBackend('teacher logits cache', () => {
  it('stores [rows, classes] logits that match the teacher and reads any rows back', async () => {
    const teacher = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })] });
    const x = randomRows(37, 6, 2);
    const file = path.join(dir, 'sub', 'logits.bin');
    const header = await cacheTeacherLogits(teacher, { data: x, shape: [37, 6] }, file, { batchSize: 8, meta: { teacher: 'unit' } });
    expect(header.shape).toEqual([37, 3]);
    expect(header.meta).toEqual({ teacher: 'unit' });
    const expected = tf.tidy(() => teacher.predict(tf.tensor2d(x, [37, 6])) as tf.Tensor);
    const expectedRows = (await expected.array()) as number[][];

    const whole = await loadTeacherLogits(file);
    await expectCloseAsync(whole.data, expected, 1e-6);
    // Data follows a short header: the file is barely larger than the floats themselves.
    expect((await stat(file)).size - 37 * 3 * 4).toBeLessThan(256);

    const reader = await openTeacherLogits(file);
    const rows = [36, 0, 1, 2, 17, 5];
    const picked = reader.rowsTensor(rows);
    expect(picked.shape).toEqual([6, 3]);
    await expectCloseAsync(picked, rows.map((r) => expectedRows[r]!), 1e-6);
    expect(() => reader.readRows([37])).toThrow(/outside the cache/);
    reader.close();
    tf.dispose([expected, picked]);
    teacher.dispose();
  });

  it('caches per-token logits [windows, seq, vocab] from token-id inputs or a tensor', async () => {
    const teacher = tf.sequential({
      layers: [tf.layers.embedding({ inputDim: 9, outputDim: 4, inputLength: 5, embeddingsInitializer: tf.initializers.randomNormal({ seed: 3 }) }), tf.layers.dense({ units: 9 })],
    });
    const ids = Int32Array.from({ length: 4 * 5 }, (_, i) => (i * 7) % 9);
    const file = path.join(dir, 'lm.bin');
    const header = await cacheTeacherLogits(teacher, tf.tensor2d(ids, [4, 5], 'int32'), file, { batchSize: 3 });
    expect(header.shape).toEqual([4, 5, 9]);
    const reader = await openTeacherLogits(file);
    const window = reader.rowsTensor([2]);
    const expected = tf.tidy(() => teacher.predict(tf.tensor2d(ids.subarray(10, 15), [1, 5], 'int32')) as tf.Tensor);
    await expectCloseAsync(window, expected, 1e-6);
    reader.close();
    tf.dispose([window, expected]);
    teacher.dispose();
  });

  it('refuses a file that is not a cache, or is truncated', async () => {
    const bogus = path.join(dir, 'bogus.bin');
    await writeFile(bogus, 'hello world, not logits');
    await expect(loadTeacherLogits(bogus)).rejects.toThrow(/not a teacher-logits cache/);
    const teacher = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2 })] });
    const file = path.join(dir, 'ok.bin');
    await cacheTeacherLogits(teacher, { data: new Float32Array(8), shape: [4, 2] }, file);
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 4));
    await expect(loadTeacherLogits(file)).rejects.toThrow(/expected 8 floats/);
    teacher.dispose();
  });
});
