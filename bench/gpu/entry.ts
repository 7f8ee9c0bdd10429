// GPU bench entry (bundled by /work/shared/gpu/pack.sh, run on the H200 by bench/gpu/run.sh): WebGPU setup, the ML core's
// numeric checks on webgpu, matmul 4096³ and the four training benchmarks over a small grid of engine settings, one JSON.
// Usage: node entry.mjs [--quick] [--tiny] [--dawn-toggles=a,b] [--label=NAME] [--tuned=SETTING] [--cpu-dry-run]
// --tuned=SETTING skips the exploratory engine grid on the batch-8192 MLP and uses that setting (a name from
// trainingVariants, e.g. "transposeB→transpose+splitK+fusedAdam"): the grid took most of a 270 s pass on the H200.
// Exit: 0 ok, 1 a numeric check failed, 2 no WebGPU. --tiny shrinks every benchmark shape (numbers meaningless): with
// a software WebGPU (tools/webgpu-sw/node) it runs every WGSL path for real before GPU time is spent. --cpu-dry-run
// walks the same paths on the cpu backend (implies --tiny).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, trainingFlops } from '@distillery/ml';
import { runNumericChecks, checkFamilyTrains, checkMatMul, type NumericCheckResult } from '@distillery/ml/gpu-tests';
import { checkFusedAdam, type TileName } from '@distillery/ml/webgpu';
import { applyEngineConfig, engineConfigSummary, matmulVariants, STOCK, trainingVariants, type EngineConfig } from './engine_configs.js';
import { profileStep, type StepProfile } from './profile.js';
import { measureThroughput, measureThroughputSyncedEachStep, type WindowOptions } from './timing.js';
import { buildTrainingStep, TRAINING_BENCHES, type TrainingBenchSpec, type TrainingStep } from './training_benches.js';
import { setUpWebgpu, withValidation } from './webgpu_setup.js';

export const RESULTS_BEGIN = '=====GPU-RESULTS-BEGIN=====';
export const RESULTS_END = '=====GPU-RESULTS-END=====';
let MATMUL_N = 4096;

interface Args {
  quick: boolean;
  dawnToggles: string[];
  label: string;
  cpuDryRun: boolean;
  /** Tiny shapes everywhere. */
  tiny: boolean;
  /** Skip the engine grid and use this setting. */
  tuned: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { quick: false, dawnToggles: [], label: 'default', cpuDryRun: false, tiny: false, tuned: null };
  for (const arg of argv) {
    if (arg === '--quick') args.quick = true;
    else if (arg === '--tiny') args.tiny = true;
    else if (arg.startsWith('--dawn-toggles=')) args.dawnToggles = arg.slice('--dawn-toggles='.length).split(',').filter((t) => t !== '');
    else if (arg.startsWith('--label=')) args.label = arg.slice('--label='.length);
    else if (arg === '--cpu-dry-run') args.cpuDryRun = true;
    else if (arg.startsWith('--tuned=')) args.tuned = arg.slice('--tuned='.length);
    else throw new Error(`unknown argument "${arg}" (expected --quick, --tiny, --dawn-toggles=a,b, --label=NAME, --tuned=SETTING, --cpu-dry-run)`);
  }
  return args;
}

const startedAt = performance.now();
function log(message: string): void {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1).padStart(6);
  console.log(`[gpu-bench ${seconds}s] ${message}`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Writes the results so far to $OUT/gpu-results[-LABEL].json (complete: false until the end), so a run cut short by a timeout still leaves its figures. */
async function saveResults(results: Record<string, unknown>): Promise<void> {
  const out = process.env.OUT;
  if (!out) return;
  await mkdir(out, { recursive: true });
  const label = typeof results.label === 'string' && results.label !== 'default' ? `-${results.label}` : '';
  await writeFile(path.join(out, `gpu-results${label}.json`), JSON.stringify(results, null, 2));
}

async function emit(results: Record<string, unknown>): Promise<void> {
  results.complete = true;
  console.log(RESULTS_BEGIN);
  console.log(JSON.stringify(results, null, 2));
  console.log(RESULTS_END);
  await saveResults(results);
}

interface MatmulVariantResult {
  config: Record<string, unknown>;
  valid: boolean;
  reason: string;
  tflops: number | null;
  iterations: number;
  seconds: number;
}

/** A variant counts only if the matmul numeric check passes under it with no WebGPU validation error. */
async function validateMatmul(config: EngineConfig): Promise<{ valid: boolean; reason: string }> {
  try {
    applyEngineConfig(config);
    const { value, validationError } = await withValidation(checkMatMul);
    if (validationError) return { valid: false, reason: `WebGPU validation error: ${validationError}` };
    return { valid: true, reason: value };
  } catch (error) {
    return { valid: false, reason: errorText(error) };
  }
}

async function benchMatmul(config: EngineConfig, window: WindowOptions): Promise<MatmulVariantResult> {
  const { valid, reason } = await validateMatmul(config);
  if (!valid) return { config: engineConfigSummary(config), valid, reason, tflops: null, iterations: 0, seconds: 0 };
  const a = tf.randomUniform([MATMUL_N, MATMUL_N], -1, 1, 'float32', 1);
  const b = tf.randomUniform([MATMUL_N, MATMUL_N], -1, 1, 'float32', 2);
  try {
    // Each step returns one element of the product: reading it forces the whole matmul, and the slice is tiny.
    const run = await measureThroughput(() => tf.tidy(() => tf.slice(tf.matMul(a, b), [0, 0], [1, 1])), window);
    const tflops = (2 * MATMUL_N ** 3 * run.stepsPerSec) / 1e12;
    return { config: engineConfigSummary(config), valid, reason, tflops, iterations: run.steps, seconds: run.seconds };
  } finally {
    tf.dispose([a, b]);
  }
}

let fusedAdamVerdict: { valid: boolean; reason: string } | null = null;

/** The fused Adam kernel counts only if it reproduces the elementwise update (checked once per process, on the stock kernels). */
async function validateFusedAdam(): Promise<{ valid: boolean; reason: string }> {
  if (fusedAdamVerdict) return fusedAdamVerdict;
  try {
    applyEngineConfig(STOCK);
    const { value, validationError } = await withValidation(checkFusedAdam);
    fusedAdamVerdict = validationError ? { valid: false, reason: `WebGPU validation error: ${validationError}` } : { valid: true, reason: value };
  } catch (error) {
    fusedAdamVerdict = { valid: false, reason: errorText(error) };
  }
  log(`  FusedAdam check: ${fusedAdamVerdict.valid ? 'PASS' : 'FAIL'} ${fusedAdamVerdict.reason}`);
  return fusedAdamVerdict;
}

interface TrainingResult {
  model: string;
  family: string;
  batch: number;
  optimizer: string;
  config: Record<string, unknown>;
  stepsPerSec: number | null;
  tflops: number | null;
  flopsPerStep: number;
  steps: number;
  seconds: number;
  lastLoss: number | null;
  syncEachStep: boolean;
  error?: string;
}

async function benchTraining(spec: TrainingBenchSpec, config: EngineConfig, window: WindowOptions, syncEachStep = false): Promise<TrainingResult> {
  const flopsPerStep = trainingFlops(spec.arch, spec.dims, spec.batch);
  const base = { model: spec.model, family: spec.family, batch: spec.batch, optimizer: spec.optimizer, config: engineConfigSummary(config), flopsPerStep, syncEachStep };
  let trainer: TrainingStep;
  try {
    applyEngineConfig(config);
    trainer = buildTrainingStep(spec);
  } catch (error) {
    return { ...base, stepsPerSec: null, tflops: null, steps: 0, seconds: 0, lastLoss: null, error: errorText(error) };
  }
  try {
    const run = syncEachStep ? await measureThroughputSyncedEachStep(trainer.step, window) : await measureThroughput(trainer.step, window);
    if (!Number.isFinite(run.lastValue)) throw new Error(`loss is ${run.lastValue} after ${run.steps} steps`);
    return { ...base, stepsPerSec: run.stepsPerSec, tflops: (trainer.flopsPerStep * run.stepsPerSec) / 1e12, steps: run.steps, seconds: run.seconds, lastLoss: run.lastValue };
  } catch (error) {
    return { ...base, stepsPerSec: null, tflops: null, steps: 0, seconds: 0, lastLoss: null, error: errorText(error) };
  } finally {
    trainer.dispose();
  }
}

function describeTraining(r: TrainingResult): string {
  if (r.stepsPerSec === null) return `${r.model} b${r.batch} [${String(r.config.name)}]: FAILED ${r.error ?? ''}`;
  return `${r.model} b${r.batch} [${String(r.config.name)}${r.syncEachStep ? ', loss read every step' : ''}]: ${r.stepsPerSec.toFixed(1)} steps/s, ${r.tflops?.toFixed(2)} TFLOP/s, loss ${r.lastLoss?.toFixed(3)}`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const results: Record<string, unknown> = { schema: 'distillery.gpu-bench/1', label: args.label, quick: args.quick, complete: false, node: process.version, startedAt: new Date().toISOString() };
  log(`setting up WebGPU (Dawn options: ${args.dawnToggles.length > 0 ? args.dawnToggles.join(',') : 'none'})`);
  let benches: readonly TrainingBenchSpec[] = TRAINING_BENCHES;
  try {
    if (args.cpuDryRun) {
      results.backend = await initBackend({ force: 'cpu' });
      results.cpuDryRun = true;
      log('CPU DRY RUN: cpu backend, tiny shapes; the figures below mean nothing');
    } else {
      const { info, details } = await setUpWebgpu(args.dawnToggles);
      results.backend = info;
      results.webgpu = details;
      log(`backend ${info.name}: ${info.hardware} (${info.version}); timestamp-query ${details.timestampQuery}; limits ${JSON.stringify(details.adapterLimits)}`);
    }
  } catch (error) {
    const reason = errorText(error);
    log(`WebGPU is not available, nothing to run on the GPU: ${reason}`);
    results.error = `webgpu unavailable: ${reason}`;
    await emit(results);
    return 2;
  }
  if (args.tiny || args.cpuDryRun) {
    results.tiny = true;
    MATMUL_N = 256;
    benches = TRAINING_BENCHES.map((s) =>
      s.family === 'char-transformer'
        ? { ...s, batch: 2, arch: { ...s.arch, layers: 1, dModel: 32, context: 16 }, dims: { ...s.dims, inputShape: [16] } }
        : { ...s, batch: Math.max(1, Math.round(s.batch / 1024)) },
    );
    if (!args.cpuDryRun) log('TINY: every shape shrunk; the figures below mean nothing');
  }

  const trainWindow: WindowOptions = args.quick ? { warmupSteps: 1, seconds: 0.3, minSteps: 2, maxSteps: 200 } : { warmupSteps: 3, seconds: 2, minSteps: 5, maxSteps: 5000 };
  const matmulWindow: WindowOptions = args.quick ? { warmupSteps: 1, seconds: 0.2, minSteps: 2, maxSteps: 50 } : { warmupSteps: 2, seconds: 1, minSteps: 5, maxSteps: 500 };

  log('numeric checks (fp32 GPU tolerances)');
  applyEngineConfig(STOCK);
  const checks: NumericCheckResult[] = await runNumericChecks({ onResult: (r) => log(`  ${r.ok ? 'PASS' : 'FAIL'} ${r.name} (${r.seconds.toFixed(1)}s): ${r.detail}`) });
  const checksPassed = checks.every((c) => c.ok);
  results.checks = checks;
  results.checksPassed = checksPassed;
  await saveResults(results);

  log(`matmul ${MATMUL_N}³ over ${matmulVariants().length} kernel settings`);
  const matmul: MatmulVariantResult[] = [];
  for (const config of matmulVariants()) {
    const r = await benchMatmul(config, matmulWindow);
    matmul.push(r);
    log(`  ${config.name}: ${r.valid ? `${r.tflops?.toFixed(2)} TFLOP/s (${r.iterations} iterations)` : `INVALID: ${r.reason}`}`);
  }
  applyEngineConfig(STOCK);
  const validTiles = matmul.filter((m) => m.valid && m.tflops !== null && String(m.config.name).startsWith('tile='));
  const bestTileResult = validTiles.sort((x, y) => (y.tflops ?? 0) - (x.tflops ?? 0))[0];
  const bestTile = bestTileResult ? (String(bestTileResult.config.name).slice('tile='.length) as TileName) : null;
  results.matmul = { n: MATMUL_N, variants: matmul, stock: matmul[0]?.tflops ?? null, best: Math.max(...matmul.map((m) => m.tflops ?? 0)) };
  await saveResults(results);

  const mlps = benches.filter((s) => s.family === 'mlp').sort((x, y) => x.batch - y.batch);
  const mlpSmall = mlps[0]!;
  const mlp8192 = mlps[mlps.length - 1]!;
  const variants = trainingVariants(bestTile);
  if (args.tuned !== null && !variants.some((c) => c.name === args.tuned)) {
    throw new Error(`--tuned: no engine setting named "${args.tuned}" (known: ${variants.map((c) => c.name).join(', ')})`);
  }
  // With --tuned the grid holds that one setting: it is still validated and measured, on the MLP alone.
  const gridVariants = args.tuned === null ? variants : variants.filter((c) => c.name === args.tuned);
  log(`engine grid on ${mlp8192.model} batch ${mlp8192.batch}: ${gridVariants.length} setting(s)`);
  const grid: TrainingResult[] = [];
  for (const config of gridVariants) {
    if (config.matmul.tile !== null || config.matmul.transposeBViaTranspose || config.matmul.splitK === true) {
      const { valid, reason } = await validateMatmul(config);
      if (!valid) {
        log(`  ${config.name}: skipped, matmul check fails under it: ${reason}`);
        continue;
      }
    }
    if (config.fusedAdam === true) {
      const fused = await validateFusedAdam();
      if (!fused.valid) {
        log(`  ${config.name}: skipped, FusedAdam does not match TrainingOptimizer: ${fused.reason}`);
        continue;
      }
    }
    const r = await benchTraining(mlp8192, config, trainWindow);
    grid.push(r);
    results.mlp8192Grid = grid;
    await saveResults(results);
    log(`  ${describeTraining(r)}`);
  }
  results.mlp8192Grid = grid;
  results.fusedAdamCheck = fusedAdamVerdict;
  const bestGrid = [...grid].filter((r) => r.stepsPerSec !== null).sort((x, y) => (y.stepsPerSec ?? 0) - (x.stepsPerSec ?? 0))[0];
  let tuned = trainingVariants(bestTile).find((c) => c.name === bestGrid?.config.name) ?? STOCK;
  if (tuned !== STOCK) {
    // The grid only checked matmuls and a finite loss: the tuned setting must also train every family correctly.
    applyEngineConfig(tuned);
    const tunedChecks: NumericCheckResult[] = [];
    for (const family of ['mlp', 'cnn', 'char-transformer'] as const) {
      const started = performance.now();
      try {
        tunedChecks.push({ name: `${family} trains under ${tuned.name}`, ok: true, detail: await checkFamilyTrains(family), seconds: (performance.now() - started) / 1000 });
      } catch (error) {
        tunedChecks.push({ name: `${family} trains under ${tuned.name}`, ok: false, detail: errorText(error), seconds: (performance.now() - started) / 1000 });
      }
      const last = tunedChecks[tunedChecks.length - 1]!;
      log(`  ${last.ok ? 'PASS' : 'FAIL'} ${last.name}: ${last.detail}`);
    }
    results.tunedChecks = tunedChecks;
    applyEngineConfig(STOCK);
    if (!tunedChecks.every((c) => c.ok)) {
      log(`tuned setting ${tuned.name} rejected: training checks fail under it`);
      tuned = STOCK;
    }
  }
  results.tuned = engineConfigSummary(tuned);
  await saveResults(results);
  log(`tuned engine setting: ${tuned.name}`);

  log('training benchmarks');
  const training: TrainingResult[] = [];
  // The transformer's products differ from the MLP's (K = 256 forward, K = batch·context in weight gradients), so it
  // also gets the split-K and submit-batch settings on their own, whatever won on the MLP.
  const validOnMlp = new Set(grid.filter((r) => r.stepsPerSec !== null).map((r) => String(r.config.name)));
  const transformerExtras = trainingVariants(bestTile).filter(
    (c) => ['transposeB→transpose+splitK', 'fusedAdam', 'transposeB→transpose+splitK+fusedAdam', 'submit-batch=64'].includes(c.name) && validOnMlp.has(c.name),
  );
  for (const spec of benches) {
    const candidates = [STOCK, tuned, ...(spec.family === 'char-transformer' ? transformerExtras : [])];
    const configs = candidates.filter((c, i) => candidates.findIndex((d) => d.name === c.name) === i);
    for (const config of configs) {
      const r = await benchTraining(spec, config, trainWindow);
      training.push(r);
      results.training = training;
      await saveResults(results);
      log(`  ${describeTraining(r)}`);
    }
  }
  const synced = await benchTraining(mlpSmall, tuned, trainWindow, true);
  training.push(synced);
  log(`  ${describeTraining(synced)}`);
  results.training = training;
  await saveResults(results);

  log('per-kernel profile of one step (tuned setting)');
  const profiles: { model: string; batch: number; config: string; profile?: StepProfile; error?: string }[] = [];
  for (const spec of [mlp8192, ...benches.filter((s) => s.family === 'char-transformer')]) {
    let trainer: TrainingStep | null = null;
    try {
      applyEngineConfig(tuned);
      trainer = buildTrainingStep(spec);
      const warm = trainer.step();
      await warm.data();
      warm.dispose();
      const profile = await profileStep(trainer.step);
      profiles.push({ model: spec.model, batch: spec.batch, config: tuned.name, profile });
      log(`  ${spec.model} b${spec.batch}: ${profile.kernelsLaunched} kernels, ${profile.totalGpuMs.toFixed(2)} ms GPU; top: ${profile.top.slice(0, 5).map((k) => `${k.kernel}×${k.calls} ${k.gpuMs}ms`).join(', ')}`);
    } catch (error) {
      profiles.push({ model: spec.model, batch: spec.batch, config: tuned.name, error: errorText(error) });
      log(`  ${spec.model}: no profile: ${errorText(error)}`);
    } finally {
      trainer?.dispose();
    }
  }
  applyEngineConfig(STOCK);
  results.profiles = profiles;
  results.memory = tf.memory();
  results.wallSeconds = (performance.now() - startedAt) / 1000;
  await emit(results);
  log(checksPassed ? 'done: every numeric check passed' : `done: ${checks.filter((c) => !c.ok).length} numeric check(s) FAILED`);
  return checksPassed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[gpu-bench] fatal:', error);
    process.exit(1);
  },
);
