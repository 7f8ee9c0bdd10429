// `npm run bench`: training steps/s of the MLP, the character transformer and the CNN against PyTorch on this machine,
// interleaved round by round, then float vs quantized inference of the trained MLP.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { initBackend, measureBackendGflops, type ClassificationDataset } from '@distillery/ml';
import { benchInference, type InferenceRow } from './inference_mlp.js';
import { startTorchPeer, type TorchInfo, type TorchPeer } from './torch_peer.js';
import { BENCH_MODELS, prepareOurBench, type BenchModelName, type BenchModelSpec, type OurTrainingBench } from './training.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface TrainingRow {
  model: BenchModelName;
  batch: number;
  backend: string;
  oursStepsPerSec: number;
  /** PyTorch as Debian installs it: its OpenBLAS detects the CPU by itself. */
  pytorchStepsPerSec: number;
  ratio: number;
  gflops: number;
  /** PyTorch given the same OpenBLAS kernels as ours (OPENBLAS_CORETYPE), where ours chose them. */
  pytorchSameBlasStepsPerSec: number;
  ratioSameBlas: number;
  /** Our achieved GFLOP/s over the sgemm rate measured in the same run. */
  sgemmShare: number;
}

interface ModelRounds {
  ours: { stepsPerSec: number; finalLoss: number }[];
  pytorch: number[];
  pytorchSameBlas: number[];
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

/** Timed steps per round of ours: about two seconds of work each on the reference machine. */
const STEPS: Record<BenchModelName, number> = { mlp: 40, cnn: 16, 'char-transformer': 3 };

function trainingMarkdown(rows: TrainingRow[], rounds: Map<BenchModelName, ModelRounds>, meta: Record<string, unknown>, torchInfo: { asInstalled: TorchInfo; sameBlas: TorchInfo }): string {
  const lines = [
    '# Training bench',
    '',
    `Command: \`npm run bench\` (${String(meta.generatedAt)}). Each model: ${String(meta.rounds)} interleaved rounds (PyTorch as installed, PyTorch with our BLAS kernels, ours), medians reported.`,
    'Ours is the product\'s own training loop (`train()` in `@distillery/ml`, the path every job takes) on real data; PyTorch trains the same layers (`bench/native/torch_bench.py`).',
    '',
    '| model | batch | backend | ours steps/s | PyTorch steps/s | ours / PyTorch | PyTorch, same BLAS kernels | ours / that | our GFLOP/s | share of sgemm |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.model} | ${r.batch} | ${r.backend} | ${fmt(r.oursStepsPerSec)} | ${fmt(r.pytorchStepsPerSec)} | **${fmt(r.ratio)}×** | ${fmt(r.pytorchSameBlasStepsPerSec)} | ${fmt(r.ratioSameBlas)}× | ${fmt(r.gflops, 1)} | ${fmt(r.sgemmShare * 100, 0)}% |`,
    );
  }
  lines.push('');
  for (const spec of BENCH_MODELS) {
    const r = rounds.get(spec.model);
    if (r === undefined) continue;
    lines.push(
      `- ${spec.model} (${spec.description}): rounds, steps/s — ours ${r.ours.map((x) => fmt(x.stepsPerSec)).join(', ')}; PyTorch ${r.pytorch.map((x) => fmt(x)).join(', ')}; PyTorch same BLAS ${r.pytorchSameBlas.map((x) => fmt(x)).join(', ')}.`,
    );
  }
  lines.push(
    '',
    `PyTorch ${torchInfo.asInstalled.torch} on ${torchInfo.asInstalled.threads} threads; its OpenBLAS as installed: ${torchInfo.asInstalled.blas ?? 'not OpenBLAS'}; with OPENBLAS_CORETYPE: ${torchInfo.sameBlas.blas ?? 'not OpenBLAS'}.`,
    `Ours: ${String(meta.backendVersion)} on ${String(meta.hardware)}. sgemm 1024³ in this run: ours ${fmt(Number(meta.sgemmGflops), 1)} GFLOP/s (median of the probes ${(meta.sgemmProbes as number[]).map((g) => fmt(g, 1)).join(', ')}, one before each model and one after the last), PyTorch as installed ${fmt(Number(meta.pytorchSgemmGflops), 1)}, PyTorch same BLAS ${fmt(Number(meta.pytorchSameBlasSgemmGflops), 1)}.`,
    `Load average (1 min) before / after: ${String(meta.loadBefore)} / ${String(meta.loadAfter)} on ${os.cpus().length} CPUs; other processes sharing the CPU lower both sides' figures.`,
    '',
  );
  return lines.join('\n');
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

async function benchModel(spec: BenchModelSpec, bench: OurTrainingBench, peers: { asInstalled: TorchPeer; sameBlas: TorchPeer }, opts: { rounds: number; warmup: number; seed: number }): Promise<ModelRounds> {
  const steps = STEPS[spec.model];
  const seconds = 2;
  const torchCommand = { model: spec.model, seconds, minSteps: steps < 5 ? 2 : 5, warmup: 1, vocab: bench.dims.vocabSize };
  const rounds: ModelRounds = { ours: [], pytorch: [], pytorchSameBlas: [] };
  for (let round = 1; round <= opts.rounds; round++) {
    rounds.pytorch.push((await peers.asInstalled.run(torchCommand)).stepsPerSec);
    rounds.pytorchSameBlas.push((await peers.sameBlas.run(torchCommand)).stepsPerSec);
    // Every round is a fresh train() call (new optimiser state): its first step is never timed.
    rounds.ours.push(await bench.time({ steps, warmup: round === 1 ? opts.warmup : 1, seed: opts.seed + round }));
    console.log(
      `${spec.model} round ${round}/${opts.rounds}: ours ${fmt(rounds.ours.at(-1)!.stepsPerSec)} steps/s, PyTorch ${fmt(rounds.pytorch.at(-1)!)} (same BLAS ${fmt(rounds.pytorchSameBlas.at(-1)!)})`,
    );
  }
  return rounds;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      models: { type: 'string' },
      warmup: { type: 'string' },
      iterations: { type: 'string' },
      rounds: { type: 'string' },
      threads: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const models = (values.models ?? BENCH_MODELS.map((m) => m.model).join(',')).split(',');
  for (const m of models) {
    if (!BENCH_MODELS.some((spec) => spec.model === m)) throw new Error(`--models: unknown model "${m}" (known: ${BENCH_MODELS.map((s) => s.model).join(', ')})`);
  }
  const warmup = positiveInt('warmup', values.warmup, 2);
  const rounds = positiveInt('rounds', values.rounds, 3);
  const iterations = positiveInt('iterations', values.iterations, 30);
  const threads = positiveInt('threads', values.threads, os.availableParallelism());
  const outDir = path.resolve(values.out ?? path.join(here, 'results'));
  const seed = 42;
  await mkdir(outDir, { recursive: true });

  const loadBefore = os.loadavg()[0]!.toFixed(2);
  // Both sides get the same thread count (the native backend takes it when it loads).
  const backend = await initBackend({ native: { threads } });
  console.log(`backend: ${backend.name} (${backend.version}), ${backend.hardware}`);
  const peers = {
    asInstalled: await startTorchPeer({ threads }),
    // The kernels our backend chose (packages/ml-native sets OPENBLAS_CORETYPE from the CPU flags when it loads).
    sameBlas: await startTorchPeer({ threads, openblasCoreType: process.env.OPENBLAS_CORETYPE }),
  };
  // Our sgemm rate, the share's denominator: one 1024³ probe swings by a third on this shared machine, so it is taken
  // before every model and after the last, and the median is used.
  const sgemmProbe = async (): Promise<number> => (await measureBackendGflops({ size: 1024, iterations: 10 })).gflops;
  const sgemmProbes = [await sgemmProbe()];
  const pytorchSgemm = await peers.asInstalled.sgemm(1024, 10);
  const pytorchSameBlasSgemm = await peers.sameBlas.sgemm(1024, 10);
  console.log(`sgemm 1024³: ours ${fmt(sgemmProbes[0]!, 1)} GFLOP/s, PyTorch ${fmt(pytorchSgemm, 1)}, PyTorch same BLAS ${fmt(pytorchSameBlasSgemm, 1)}`);

  const rows: TrainingRow[] = [];
  const allRounds = new Map<BenchModelName, ModelRounds>();
  let mlp: OurTrainingBench | undefined;
  try {
    for (const spec of BENCH_MODELS.filter((s) => models.includes(s.model))) {
      const bench = await prepareOurBench(spec, seed);
      const r = await benchModel(spec, bench, peers, { rounds, warmup, seed });
      allRounds.set(spec.model, r);
      const ours = median(r.ours.map((x) => x.stepsPerSec));
      const pytorch = median(r.pytorch);
      const pytorchSameBlas = median(r.pytorchSameBlas);
      const gflops = (ours * bench.flopsPerStep) / 1e9;
      rows.push({
        model: spec.model,
        batch: spec.batch,
        backend: backend.name,
        oursStepsPerSec: ours,
        pytorchStepsPerSec: pytorch,
        ratio: ours / pytorch,
        gflops,
        pytorchSameBlasStepsPerSec: pytorchSameBlas,
        ratioSameBlas: ours / pytorchSameBlas,
        sgemmShare: Number.NaN, // set below, once every probe is in
      });
      console.log(`${spec.model}: ours ${fmt(ours)} steps/s, ${fmt(ours / pytorch, 2)}× PyTorch, ${fmt(ours / pytorchSameBlas, 2)}× PyTorch with the same BLAS, ${fmt(gflops, 1)} GFLOP/s`);
      if (spec.model === 'mlp') mlp = bench;
      else bench.dispose();
      sgemmProbes.push(await sgemmProbe());
    }
  } finally {
    peers.asInstalled.close();
    peers.sameBlas.close();
  }

  const sgemmGflops = median(sgemmProbes);
  for (const row of rows) row.sgemmShare = row.gflops / sgemmGflops;
  console.log(`sgemm 1024³ probes: ${sgemmProbes.map((g) => fmt(g, 1)).join(', ')} GFLOP/s; median ${fmt(sgemmGflops, 1)}`);

  const meta = {
    generatedAt: new Date().toISOString(),
    rounds,
    backendVersion: backend.version,
    hardware: backend.hardware,
    sgemmGflops,
    sgemmProbes,
    pytorchSgemmGflops: pytorchSgemm,
    pytorchSameBlasSgemmGflops: pytorchSameBlasSgemm,
    loadBefore,
    loadAfter: os.loadavg()[0]!.toFixed(2),
    seed,
  };
  await writeFile(path.join(outDir, 'training.json'), `${JSON.stringify(rows, null, 2)}\n`);
  await writeFile(path.join(outDir, 'training.md'), trainingMarkdown(rows, allRounds, meta, { asInstalled: peers.asInstalled.info, sameBlas: peers.sameBlas.info }));

  if (mlp !== undefined) {
    console.log('inference: float vs quantized...');
    const data = mlp.data as ClassificationDataset;
    const modelsDir = path.join(os.tmpdir(), `distillery-bench-${process.pid}`);
    let inferenceRows: InferenceRow[];
    try {
      inferenceRows = await benchInference(mlp.model, data, { dir: modelsDir, iterations, warmup: 5, throughputBatch: 128, rounds });
    } finally {
      await rm(modelsDir, { recursive: true, force: true });
      mlp.dispose();
    }
    await writeFile(
      path.join(outDir, 'inference.json'),
      `${JSON.stringify({ ...meta, backend: backend.name, testExamples: data.test.count, rows: inferenceRows }, null, 2)}\n`,
    );
    await writeFile(path.join(outDir, 'inference.md'), inferenceMarkdown(inferenceRows));
    for (const r of inferenceRows) {
      console.log(`${r.variant}: ${(r.sizeBytes / 1024).toFixed(0)} KiB, acc ${fmt(r.accuracy * 100)}%, p50 ${fmt(r.latencyMs.p50, 3)} ms, p99 ${fmt(r.latencyMs.p99, 3)} ms, ${fmt(r.throughputPerSec, 0)}/s`);
    }
  }
  console.log(`wrote ${path.relative(process.cwd(), outDir)}/{training,inference}.{json,md}`);
}

await main();
