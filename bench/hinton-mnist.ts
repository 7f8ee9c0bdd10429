// Reproduces Hinton, Vinyals & Dean 2015, §3 on MNIST: teacher with dropout, student on labels, student distilled at T = 20.
// Usage: npx tsx bench/hinton-mnist.ts [--epochs 20] [--train-limit N] [--test-limit N] [--seed 42] [--out bench/results/hinton-mnist.json]
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { ModelArch, TrainConfig } from '@distillery/schemas';
import {
  buildModel,
  classificationBatches,
  distillClassifier,
  evaluateClassifier,
  initBackend,
  loadDataset,
  train,
  type ClassificationDataset,
} from '@distillery/ml';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The paper's test-error counts on the 10,000 MNIST test images. */
export const PAPER_ERRORS = { teacher: 67, student: 146, distilled: 74 } as const;

const TEACHER: ModelArch = { family: 'mlp', hidden: [1200, 1200], dropout: 0.5, activation: 'relu' };
const STUDENT: ModelArch = { family: 'mlp', hidden: [800, 800], dropout: 0, activation: 'relu' };
const DIMS = { inputShape: [784], numClasses: 10 };

function optionalInt(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${field}: must be a positive integer, got "${value}"`);
  return n;
}

function positiveNumber(field: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${field}: must be a positive number, got "${value}"`);
  return n;
}

async function testErrors(model: tf.LayersModel, data: ClassificationDataset, x: tf.Tensor): Promise<number> {
  const m = await evaluateClassifier(model, { x, y: data.test.y }, { batchSize: 500 });
  return Math.round((1 - m.accuracy) * data.test.count);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      epochs: { type: 'string' },
      'train-limit': { type: 'string' },
      'test-limit': { type: 'string' },
      seed: { type: 'string' },
      temperature: { type: 'string' },
      alpha: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const epochs = optionalInt('epochs', values.epochs) ?? 20;
  const trainLimit = optionalInt('train-limit', values['train-limit']);
  const testLimit = optionalInt('test-limit', values['test-limit']);
  const seed = optionalInt('seed', values.seed) ?? 42;
  const temperature = positiveNumber('temperature', values.temperature, 20);
  const alpha = positiveNumber('alpha', values.alpha, 0.9);
  if (alpha > 1) throw new Error('--alpha: must be at most 1');
  const out = path.resolve(values.out ?? path.join(here, 'results', 'hinton-mnist.json'));
  const started = performance.now();

  const backend = await initBackend();
  const data = (await loadDataset({ name: 'mnist', trainLimit, testLimit, testFraction: 0.2 }, { seed })) as ClassificationDataset;
  console.log(`backend ${backend.name}; MNIST ${data.train.count} train / ${data.test.count} test; ${epochs} epoch(s)`);
  const config: TrainConfig = { epochs, batchSize: 128, learningRate: 1e-3, optimizer: 'adam', weightDecay: 0, seed, checkpointEvery: 1_000_000 };
  const crossEntropy = (logits: tf.Tensor, batch: { y: tf.Tensor }): tf.Scalar =>
    tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(batch.y, 10), logits);
  const batches = classificationBatches(data.train, { inputShape: DIMS.inputShape, batchSize: config.batchSize });
  const logEvery = (label: string) => (p: { step: number; loss: number; totalSteps: number | null }) => {
    if (p.step % 100 === 0) console.log(`${label}: step ${p.step}/${p.totalSteps ?? '?'} loss ${p.loss.toFixed(4)}`);
  };
  const xTest = tf.tensor2d(data.test.x, [data.test.count, 784]);
  const cacheDir = path.join(os.tmpdir(), `hinton-teacher-${process.pid}`);
  try {
    const teacher = buildModel(TEACHER, DIMS, { seed });
    await train({ model: teacher, batches, loss: crossEntropy, config, onProgress: logEvery('teacher') });
    const teacherErrors = await testErrors(teacher, data, xTest);
    console.log(`teacher: ${teacherErrors} test errors`);

    const student = buildModel(STUDENT, DIMS, { seed: seed + 1 });
    await train({ model: student, batches, loss: crossEntropy, config, onProgress: logEvery('student') });
    const studentErrors = await testErrors(student, data, xTest);
    console.log(`student (labels only): ${studentErrors} test errors`);

    const distilled = buildModel(STUDENT, DIMS, { seed: seed + 1 });
    await distillClassifier({
      teacher,
      student: distilled,
      data: data.train,
      inputShape: DIMS.inputShape,
      config,
      temperature,
      alpha,
      cacheDir,
      onProgress: logEvery('distilled'),
    });
    const distilledErrors = await testErrors(distilled, data, xTest);
    console.log(`student distilled at T=${temperature}: ${distilledErrors} test errors`);

    const result = {
      teacherErrors,
      studentErrors,
      distilledErrors,
      epochs,
      backend: backend.name,
      seed,
      temperature,
      alpha,
      trainExamples: data.train.count,
      testExamples: data.test.count,
      paper: PAPER_ERRORS,
      datasetHash: data.hash,
      wallSeconds: (performance.now() - started) / 1000,
      command: `npx tsx bench/hinton-mnist.ts --epochs ${epochs}${trainLimit ? ` --train-limit ${trainLimit}` : ''}${testLimit ? ` --test-limit ${testLimit}` : ''} --seed ${seed}`,
    };
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote ${out}`);
    for (const model of [teacher, student, distilled]) model.dispose();
  } finally {
    xTest.dispose();
    await rm(cacheDir, { recursive: true, force: true });
  }
}

await main();
