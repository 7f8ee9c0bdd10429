// Side-by-side training throughput: tfjs backends (native, wasm, cpu) against PyTorch on the same machine, interleaved
// round by round because the machine is shared; prints medians and ratios as JSON.
// Usage: npx tsx bench/native/compare.ts [--models mlp,cnn,char-transformer] [--backends native,wasm,cpu] [--rounds 5]
//        [--seconds 3] [--min-steps 2] [--warmup 2] [--threads 2] [--out bench/native/results.json]
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { nativeAvailable, registerNativeBackend } from '@distillery/ml-native';
import { startTorchPeer } from '../torch_peer.js';
import { buildModel, type AdamMode, type ModelName } from './models.js';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const models = option('models', 'mlp').split(',') as ModelName[];
const backends = option('backends', 'native,wasm,cpu').split(',');
const rounds = Number(option('rounds', '5'));
const seconds = Number(option('seconds', '3'));
const threads = Number(option('threads', '2'));
const minSteps = Number(option('min-steps', '2'));
const output = option('out', '');
const warmupSteps = Number(option('warmup', '2'));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function useBackend(name: string): Promise<void> {
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const requireHere = createRequire(import.meta.url);
    wasm.setWasmPaths(`${path.dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm'))}${path.sep}`);
  }
  if (name === 'native' && !registerNativeBackend()) throw new Error(`native unavailable: ${nativeAvailable().reason}`);
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} failed to initialise`);
  await tf.ready();
}

/** Steps/s of one backend for `seconds`, building the model fresh (tfjs variables live on one backend). */
async function timeTfjs(backend: string, model: ModelName, adam: AdamMode): Promise<{ stepsPerSec: number; gflops: number; loss: number }> {
  await useBackend(backend);
  const built = buildModel(model, adam);
  try {
    for (let i = 0; i < warmupSteps; i++) built.step();
    const start = performance.now();
    let steps = 0;
    let loss = Number.NaN;
    while (performance.now() - start < seconds * 1000 || steps < minSteps) {
      loss = built.step();
      steps++;
    }
    const elapsed = (performance.now() - start) / 1000;
    return { stepsPerSec: steps / elapsed, gflops: (built.flopsPerStep * steps) / elapsed / 1e9, loss };
  } finally {
    built.dispose();
  }
}

async function main(): Promise<void> {
  // Same thread count on both sides; the addon takes it when it first loads (here, before any registerNativeBackend).
  const native = nativeAvailable({ threads });
  // PyTorch with the same OpenBLAS kernels as ours (the addon set OPENBLAS_CORETYPE when it loaded).
  const torch = await startTorchPeer({ threads, openblasCoreType: process.env.OPENBLAS_CORETYPE });
  const torchInfo = torch.info;
  const variants: { backend: string; adam: AdamMode }[] = backends.flatMap((b) =>
    b === 'native' ? [{ backend: b, adam: 'fused' as const }, { backend: b, adam: 'ops' as const }] : [{ backend: b, adam: 'ops' as const }],
  );
  const samples: Record<string, number[]> = {};
  const failures: Record<string, string> = {};
  const push = (key: string, value: number) => (samples[key] ??= []).push(value);
  for (let round = 0; round < rounds; round++) {
    if (native.ok && backends.includes('native')) {
      await useBackend('native');
      const n = 1024;
      const a = tf.randomUniform([n, n]);
      const b = tf.randomUniform([n, n]);
      tf.matMul(a, b).dispose();
      const start = performance.now();
      for (let i = 0; i < 10; i++) tf.matMul(a, b).dispose();
      push('sgemm1024:native', (2 * n ** 3 * 10) / ((performance.now() - start) / 1000) / 1e9);
      tf.dispose([a, b]);
    }
    push('sgemm1024:torch', await torch.sgemm(1024, 10));
    for (const model of models) {
      push(`${model}:torch`, (await torch.run({ model, seconds, minSteps, warmup: warmupSteps })).stepsPerSec);
      for (const { backend, adam } of variants) {
        // tfjs's plain cpu backend takes minutes per CNN or transformer step, wasm minutes per transformer step:
        // they are measured on the MLP (and wasm on the CNN), where the issue's baseline numbers come from.
        if ((backend === 'cpu' && model !== 'mlp') || (backend === 'wasm' && model === 'char-transformer')) continue;
        const key = `${model}:${backend}${backend === 'native' ? `:adam-${adam}` : ''}`;
        if (failures[key] !== undefined) continue;
        try {
          const result = await timeTfjs(backend, model, adam);
          push(key, result.stepsPerSec);
          push(`${key}:gflops`, result.gflops);
        } catch (error) {
          // e.g. tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so it cannot train a CNN at all.
          failures[key] = error instanceof Error ? error.message : String(error);
        }
      }
    }
    process.stderr.write(`round ${round + 1}/${rounds} done\n`);
  }
  torch.close();
  const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Number(median(v).toPrecision(4))]));
  const ratios: Record<string, number> = {};
  for (const model of models) {
    const torchRate = medians[`${model}:torch`];
    for (const key of Object.keys(medians)) {
      if (key.startsWith(`${model}:`) && !key.endsWith(':torch') && !key.endsWith(':gflops') && torchRate) {
        ratios[`${key} / torch`] = Number(((medians[key] as number) / torchRate).toFixed(2));
      }
    }
  }
  const sgemm = medians['sgemm1024:native'];
  const shares: Record<string, number> = {};
  if (sgemm) {
    for (const key of Object.keys(medians)) if (key.endsWith(':gflops')) shares[`${key} / sgemm`] = Number(((medians[key] as number) / sgemm).toFixed(2));
  }
  const report = JSON.stringify({ measuredAt: new Date().toISOString(), machine: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`, loadAverage: os.loadavg(), torch: torchInfo, native, rounds, seconds, threads, medians, ratios, shares, failures, samples }, null, 2);
  if (output !== '') writeFileSync(output, `${report}\n`);
  console.log(report);
}

await main();
