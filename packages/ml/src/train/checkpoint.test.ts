// Checkpoint files: exact round trip, newest-complete lookup, pruning, and half-written folders ignored.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachBackend, expectCloseAsync } from '../testing/index.js';
import { latestCheckpoint, readCheckpoint, writeCheckpoint, type LoopPosition } from './checkpoint.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'distillery-ckpt-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const position = (step: number): LoopPosition => ({ step, epoch: 2, batchInEpoch: 5, epochStartRngState: [1, 2, 3, 4], samplesSeen: step * 10, lastLoss: 0.25 });

await describeEachBackend('checkpoints', () => {
  it('round-trips weights, optimizer slots and loop position exactly', async () => {
    const weights = [tf.tensor2d([[1.5, -2], [3, 4.25]]), tf.tensor1d([0.125, -7])];
    const slots = [tf.tensor1d([1e-8, 3]), tf.tensor2d([[5]])];
    const ref = await writeCheckpoint(dir, { position: position(12), modelWeights: weights, optimizer: { kind: 'adamw', iterations: 12, slots } });
    expect(ref.step).toBe(12);
    const read = await readCheckpoint(ref.path);
    expect(read.position).toEqual(position(12));
    expect(read.optimizer.kind).toBe('adamw');
    expect(read.optimizer.iterations).toBe(12);
    for (const [i, w] of read.modelWeights.entries()) await expectCloseAsync(w, weights[i]!, 0);
    for (const [i, s] of read.optimizer.slots.entries()) await expectCloseAsync(s, slots[i]!, 0);
    tf.dispose([...weights, ...slots, ...read.modelWeights, ...read.optimizer.slots]);
  });

  it('finds the newest complete checkpoint, ignores half-written ones and keeps only the newest few', async () => {
    expect(await latestCheckpoint(path.join(dir, 'absent'))).toBeNull();
    const weights = [tf.scalar(1)];
    for (const step of [5, 10, 15]) {
      await writeCheckpoint(dir, { position: position(step), modelWeights: weights, optimizer: { kind: 'sgd', iterations: step, slots: [] } }, { keep: 2 });
    }
    // A crash mid-write leaves a temporary folder, or a step folder without its state file: neither counts.
    await mkdir(path.join(dir, '.tmp-step-000000020-1-1'));
    await mkdir(path.join(dir, 'step-000000025'));
    await writeFile(path.join(dir, 'step-000000025', 'weights.bin'), 'partial');
    expect(await latestCheckpoint(dir)).toEqual({ step: 15, path: path.join(dir, 'step-000000015') });
    const complete = (await readdir(dir)).filter((e) => /^step-\d+$/.test(e) && e !== 'step-000000025');
    expect(complete).toEqual(['step-000000010', 'step-000000015']);
    weights[0]!.dispose();
  });
});
