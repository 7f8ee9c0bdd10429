// Tests for the training loop: learning, memory, abort, non-finite loss, AdamW maths, checkpoints and exact resume.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrainConfig } from '@distillery/schemas';
import { createRng } from '../data/rng.js';
import type { ClassificationSplit } from '../data/types.js';
import { describeEachBackend, expectCloseAsync } from '../testing/index.js';
import { batchesPerEpoch, classificationBatches } from './batch_sources.js';
import { latestCheckpoint } from './checkpoint.js';
import { NonFiniteLossError, TrainingAborted } from './errors.js';
import { checkpointDue, DEFAULT_CHECKPOINT_SECONDS, train, type TrainBatch, type TrainProgress } from './train.js';

/** Two Gaussian blobs in 4-D: a problem a small MLP separates, with labels a person can verify. */
function blobs(count: number, seed: number): ClassificationSplit {
  const rng = createRng(seed);
  const x = new Float32Array(count * 4);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    y[i] = label;
    for (let d = 0; d < 4; d++) x[i * 4 + d] = rng.nextNormal() * 0.7 + (label === 1 ? 1 : -1);
  }
  return { x, y, count };
}

function mlp(seed: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 8, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

const crossEntropy = (logits: tf.Tensor, batch: TrainBatch): tf.Scalar =>
  tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(batch.y, 2), logits);

function config(overrides: Partial<TrainConfig>): TrainConfig {
  return TrainConfig.parse({ epochs: 3, batchSize: 10, learningRate: 0.05, optimizer: 'adam', seed: 7, checkpointEvery: 1000, ...overrides });
}

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'distillery-train-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

await describeEachBackend('train', () => {
  const data = blobs(50, 1);
  const batches = classificationBatches(data, { inputShape: [4], batchSize: 10 });

  it('lowers the loss on a separable problem and reports progress', async () => {
    const model = mlp(3);
    const progress: TrainProgress[] = [];
    const result = await train({
      model,
      batches,
      loss: crossEntropy,
      config: config({ epochs: 8 }),
      stepsPerEpoch: batchesPerEpoch(50, 10),
      onProgress: (p) => void progress.push(p),
    });
    expect(result.steps).toBe(40);
    expect(progress.map((p) => p.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const first = progress[0]!;
    const last = progress.at(-1)!;
    expect(first.totalSteps).toBe(40);
    expect(last.epoch).toBe(7);
    expect(last.etaSeconds).toBe(0);
    expect(first.samplesPerSec).toBeGreaterThan(0);
    expect(result.finalLoss).toBeCloseTo(last.loss, 6);
    expect(result.finalLoss).toBeLessThan(0.25 * first.loss);
    expect(result.resumedFromStep).toBeNull();
    model.dispose();
  });

  it('leaks no tensors across steps', async () => {
    const model = mlp(3);
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await train({ model, batches, loss: crossEntropy, config: config({ epochs: 2 }), onProgress: () => void counts.push(tf.memory().numTensors) });
    // Step 1 allocates the optimiser's moments; from then on the count must stay flat.
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('keeps the event loop responsive', async () => {
    const model = mlp(3);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const result = await train({ model, batches, loss: crossEntropy, config: config({ epochs: 4 }) });
    clearInterval(timer);
    // setImmediate between batches lets the timer fire while training runs.
    expect(ticks).toBeGreaterThanOrEqual(result.steps / 4);
    model.dispose();
  });

  it('stops within one step on abort and throws TrainingAborted', async () => {
    const model = mlp(3);
    const controller = new AbortController();
    const seen: number[] = [];
    const run = train({
      model,
      batches,
      loss: crossEntropy,
      config: config({}),
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.step);
        if (p.step === 3) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(TrainingAborted);
    await expect(run).rejects.toMatchObject({ name: 'AbortError', step: 3 });
    expect(seen).toEqual([1, 2, 3]);
    model.dispose();
  });

  it('throws NonFiniteLossError naming the step, without applying that update', async () => {
    const model = mlp(3);
    let calls = 0;
    let weightsAfterStep3: Float32Array[] = [];
    const run = train({
      model,
      batches,
      config: config({}),
      loss: (logits, batch) => {
        calls++;
        const loss = crossEntropy(logits, batch);
        return calls === 4 ? tf.mul<tf.Scalar>(loss, Number.NaN) : loss;
      },
      onProgress: async (p) => {
        if (p.step === 3) weightsAfterStep3 = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
      },
    });
    await expect(run).rejects.toBeInstanceOf(NonFiniteLossError);
    await expect(run).rejects.toMatchObject({ step: 4, message: expect.stringContaining('step 4') as unknown });
    for (const [i, w] of model.getWeights().entries()) await expectCloseAsync(w, weightsAfterStep3[i]!, 0);
    model.dispose();
  });

  it('rejects a bad config naming the field', async () => {
    const model = mlp(3);
    const bad = { ...config({}), learningRate: 0 };
    await expect(train({ model, batches, loss: crossEntropy, config: bad })).rejects.toThrow(/config\.learningRate/);
    model.dispose();
  });

  it('implements Adam (L2) and AdamW (decoupled decay) as their papers define them', async () => {
    // One weight vector w, loss = Σ x·w with x = [1, −2] every step, so the gradient is x: a hand-computable case.
    const x = [1, -2];
    const reference = (kind: 'adam' | 'adamw' | 'sgd', steps: number, lr: number, wd: number): number[] => {
      const w = [0.5, 0.5];
      const m = [0, 0];
      const v = [0, 0];
      for (let t = 1; t <= steps; t++) {
        for (let i = 0; i < 2; i++) {
          let g = x[i]!;
          if (kind !== 'adamw') g += wd * w[i]!;
          if (kind === 'sgd') {
            w[i]! -= lr * g;
            continue;
          }
          m[i] = 0.9 * m[i]! + 0.1 * g;
          v[i] = 0.999 * v[i]! + 0.001 * g * g;
          const mHat = m[i]! / (1 - 0.9 ** t);
          const vHat = v[i]! / (1 - 0.999 ** t);
          w[i]! -= lr * (mHat / (Math.sqrt(vHat) + 1e-7)) + (kind === 'adamw' ? lr * wd * w[i]! : 0);
        }
      }
      return w;
    };
    for (const kind of ['adam', 'adamw', 'sgd'] as const) {
      const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, useBias: false, kernelInitializer: tf.initializers.constant({ value: 0.5 }) })] });
      const source = (): TrainBatch[] => [{ x: tf.tensor2d([x]), y: tf.tensor1d([0], 'int32') }];
      await train({ model, batches: source, loss: (logits) => tf.sum(logits), config: config({ optimizer: kind, epochs: 5, learningRate: 0.1, weightDecay: 0.3 }) });
      await expectCloseAsync(model.getWeights()[0]!, reference(kind, 5, 0.1, 0.3), 1e-5);
      model.dispose();
    }
  });

  for (const optimizer of ['sgd', 'adam', 'adamw'] as const) {
    it(`resumes from a checkpoint to the same final weights as an uninterrupted run (${optimizer})`, async () => {
      const settings = config({ optimizer, epochs: 3, checkpointEvery: 3, weightDecay: optimizer === 'sgd' ? 0 : 0.01 });
      const initial = mlp(11).getWeights();
      const fresh = (): tf.Sequential => {
        const model = mlp(99);
        model.setWeights(initial);
        return model;
      };

      const uninterrupted = fresh();
      const full = await train({ model: uninterrupted, batches, loss: crossEntropy, config: settings });
      expect(full.steps).toBe(15);

      // Interrupted at step 7 (epoch 1, batch 2); the newest checkpoint is step 6 (epoch 1, after batch 1).
      const controller = new AbortController();
      const interrupted = fresh();
      await expect(
        train({
          model: interrupted,
          batches,
          loss: crossEntropy,
          config: settings,
          checkpoint: { dir },
          signal: controller.signal,
          onProgress: (p) => {
            if (p.step === 7) controller.abort();
          },
        }),
      ).rejects.toBeInstanceOf(TrainingAborted);
      expect(await latestCheckpoint(dir)).toMatchObject({ step: 6 });

      // A new process would build the model from scratch: different initial weights, restored from the checkpoint.
      const resumedModel = mlp(42);
      const resumed = await train({ model: resumedModel, batches, loss: crossEntropy, config: settings, checkpoint: { dir, resume: true } });
      expect(resumed.resumedFromStep).toBe(6);
      expect(resumed.steps).toBe(15);
      expect(resumed.finalLoss).toBeCloseTo(full.finalLoss, 5);
      const expected = uninterrupted.getWeights();
      for (const [i, w] of resumedModel.getWeights().entries()) await expectCloseAsync(w, expected[i]!, 1e-5);

      // Finished runs leave a final checkpoint, so a retry after completion trains nothing more.
      expect(await latestCheckpoint(dir)).toMatchObject({ step: 15 });
      const again = await train({ model: resumedModel, batches, loss: crossEntropy, config: settings, checkpoint: { dir, resume: true } });
      expect(again).toMatchObject({ steps: 15, resumedFromStep: 15 });
      expect(again.finalLoss).toBeCloseTo(full.finalLoss, 5);
      // Old checkpoints are pruned and no temporary folder is left behind.
      const entries = await readdir(dir);
      expect(entries.filter((e) => e.startsWith('.tmp'))).toEqual([]);
      expect(entries.length).toBeLessThanOrEqual(2);
      tf.dispose(initial);
      [uninterrupted, interrupted, resumedModel].forEach((m) => m.dispose());
    });
  }

  it('stops at maxSteps, reading batches from an async source', async () => {
    const model = mlp(3);
    // E.g. batches read from disk: an AsyncIterable works like an Iterable.
    const asyncBatches = async function* (epoch: number, rng: Parameters<typeof batches>[1]): AsyncGenerator<TrainBatch> {
      for (const batch of batches(epoch, rng) as Iterable<TrainBatch>) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield batch;
      }
    };
    const result = await train({ model, batches: asyncBatches, loss: crossEntropy, config: config({ epochs: 10, maxSteps: 12 }), checkpoint: { dir } });
    expect(result.steps).toBe(12);
    expect(await latestCheckpoint(dir)).toMatchObject({ step: 12 });
    model.dispose();
  });

  it('checkpoints every tenth of the stage when the spec names no interval, so a crash redoes at most that', async () => {
    const model = mlp(3);
    const checkpointed: number[] = [];
    // 5 batches per epoch × 6 epochs = 30 planned steps: a checkpoint every 3.
    const result = await train({
      model,
      batches,
      loss: crossEntropy,
      config: config({ epochs: 6, checkpointEvery: undefined }),
      stepsPerEpoch: 5,
      checkpoint: { dir, keep: 20 },
      onProgress: (p) => {
        if (p.checkpointed) checkpointed.push(p.step);
      },
    });
    expect(result.steps).toBe(30);
    expect(checkpointed).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
    expect(await latestCheckpoint(dir)).toMatchObject({ step: 30 });
    model.dispose();
  });
});

describe('checkpointDue', () => {
  it('checkpoints a preset-sized stage (188 steps) every 19 steps and an explicit interval exactly', () => {
    const due = (every: number | undefined, step: number, seconds = 0): boolean => checkpointDue({ checkpointEvery: every }, 188, step, seconds);
    const steps = Array.from({ length: 188 }, (_, i) => i + 1);
    expect(steps.filter((s) => due(undefined, s))).toEqual([19, 38, 57, 76, 95, 114, 133, 152, 171]);
    expect(steps.filter((s) => due(50, s))).toEqual([50, 100, 150]);
  });

  it('also checkpoints after DEFAULT_CHECKPOINT_SECONDS of compute, unless the spec names an interval', () => {
    expect(checkpointDue({}, 10_000, 7, DEFAULT_CHECKPOINT_SECONDS)).toBe(true);
    expect(checkpointDue({}, 10_000, 7, DEFAULT_CHECKPOINT_SECONDS - 1)).toBe(false);
    expect(checkpointDue({ checkpointEvery: 500 }, 10_000, 7, 3600)).toBe(false);
  });
});
