// distillClassifier on real MNIST: a small student learns to agree with a quickly trained teacher.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetRef, TrainConfig, type ModelArch } from '@distillery/schemas';
import { initBackend } from '../backends.js';
import { loadDataset } from '../data/load.js';
import type { ClassificationDataset, ClassificationSplit } from '../data/types.js';
import { buildModel } from '../models/build.js';
import { describeEachBackend, expectCloseAsync, valuesAsync, testBackendOptions } from '../testing/index.js';
import { batchesPerEpoch, classificationBatches } from '../train/batch_sources.js';
import { train, type TrainBatch } from '../train/train.js';
import { distillClassifier } from './distill_classifier.js';

let dir = '';
let mnist: ClassificationDataset;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'distillery-distill-'));
  const dataset = await loadDataset(DatasetRef.parse({ name: 'mnist', trainLimit: 3000, testLimit: 1000 }), { seed: 1 });
  if (dataset.kind !== 'classification') throw new Error('mnist should load as classification');
  mnist = dataset;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mlp = (hidden: number[]): ModelArch => ({ family: 'mlp', hidden, dropout: 0, activation: 'relu' });
const crossEntropy = (logits: tf.Tensor, batch: TrainBatch): tf.Scalar =>
  tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(batch.y, 10), logits);

async function predictions(model: tf.LayersModel, split: ClassificationSplit): Promise<Int32Array> {
  return (await valuesAsync(() => tf.argMax(model.predict(tf.tensor2d(split.x, [split.count, 784])) as tf.Tensor, -1))) as Int32Array;
}

function share(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

// The quality floor runs once, on the best backend here: on 2 slow cores it is the budget that matters.
describe('distillClassifier on 3,000 MNIST samples', () => {
  it('gives a 784-32-10 student ≥ 85% agreement with a 784-128-10 teacher on 1,000 test digits', async () => {
    const backend = await initBackend(testBackendOptions());
    const teacher = buildModel(mlp([128]), { inputShape: [784], numClasses: 10 }, { seed: 1 });
    const teacherConfig = TrainConfig.parse({ epochs: 3, batchSize: 64, learningRate: 2e-3, optimizer: 'adam', seed: 1 });
    const started = performance.now();
    await train({ model: teacher, batches: classificationBatches(mnist.train, { inputShape: [784], batchSize: 64 }), loss: crossEntropy, config: teacherConfig });
    const teacherPredictions = await predictions(teacher, mnist.test);
    const teacherAccuracy = share(teacherPredictions, mnist.test.y);

    const student = buildModel(mlp([32]), { inputShape: [784], numClasses: 10 }, { seed: 2 });
    const steps: number[] = [];
    const result = await distillClassifier({
      teacher,
      student,
      data: mnist.train,
      inputShape: [784],
      config: TrainConfig.parse({ epochs: 4, batchSize: 64, learningRate: 3e-3, optimizer: 'adam', seed: 2 }),
      temperature: 4,
      alpha: 0.9,
      cacheDir: path.join(dir, 'cache'),
      onProgress: (p) => void steps.push(p.step),
    });
    const agreement = share(await predictions(student, mnist.test), teacherPredictions);
    const seconds = (performance.now() - started) / 1000;
    console.log(`[${backend.name}] teacher accuracy ${teacherAccuracy.toFixed(3)}, student agreement ${agreement.toFixed(3)}, ` +
      `student accuracy ${share(await predictions(student, mnist.test), mnist.test.y).toFixed(3)}, ${result.samplesPerSec.toFixed(0)} samples/s, ${seconds.toFixed(1)} s`);
    expect(teacherAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(agreement).toBeGreaterThanOrEqual(0.85);
    expect(result.steps).toBe(4 * batchesPerEpoch(3000, 64));
    expect(steps.at(-1)).toBe(result.steps);
    expect(result.teacherLogitsFile).toBe(path.join(dir, 'cache', 'teacher-logits.bin'));
    teacher.dispose();
    student.dispose();
  });
});

await describeEachBackend('distillClassifier', () => {
  it('trains to the same weights from the disk cache as with on-the-fly teacher logits', async () => {
    const small: ClassificationSplit = { x: mnist.train.x.subarray(0, 256 * 784), y: mnist.train.y.subarray(0, 256), count: 256 };
    const teacher = buildModel(mlp([16]), { inputShape: [784], numClasses: 10 }, { seed: 3 });
    const config = TrainConfig.parse({ epochs: 2, batchSize: 64, learningRate: 1e-2, optimizer: 'adamw', weightDecay: 0.01, seed: 4 });
    const run = async (cacheDir?: string): Promise<tf.Tensor[]> => {
      const tensorsBefore = tf.memory().numTensors;
      const student = buildModel(mlp([8]), { inputShape: [784], numClasses: 10 }, { seed: 5 });
      const result = await distillClassifier({ teacher, student, data: small, inputShape: [784], config, temperature: 3, alpha: 0.5, ...(cacheDir ? { cacheDir } : {}) });
      expect(result.teacherLogitsFile === null).toBe(cacheDir === undefined);
      const weights = student.getWeights().map((w) => w.clone());
      student.dispose();
      // Nothing of the run stays behind: batches, teacher logits and optimiser state are all freed.
      expect(tf.memory().numTensors).toBe(tensorsBefore + weights.length);
      return weights;
    };
    const cacheDir = path.join(dir, `cache-${tf.getBackend()}`);
    const cached = await run(cacheDir);
    const reused = await run(cacheDir); // second run reads the cache written by the first
    const onTheFly = await run();
    for (const [i, w] of onTheFly.entries()) {
      await expectCloseAsync(cached[i]!, w, 1e-4);
      await expectCloseAsync(reused[i]!, w, 1e-4);
    }
    tf.dispose([...cached, ...reused, ...onTheFly]);
    teacher.dispose();
  });

  it('refuses a student whose classes differ from the teacher', async () => {
    const teacher = buildModel(mlp([4]), { inputShape: [784], numClasses: 10 }, { seed: 1 });
    const student = buildModel(mlp([4]), { inputShape: [784], numClasses: 5 }, { seed: 1 });
    const config = TrainConfig.parse({ epochs: 1 });
    await expect(distillClassifier({ teacher, student, data: mnist.train, inputShape: [784], config, temperature: 2, alpha: 0.5 })).rejects.toThrow(/student/);
    teacher.dispose();
    student.dispose();
  });
});
