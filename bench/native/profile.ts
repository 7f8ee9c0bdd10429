// Which kernels dominate one training step: every kernel of the backend wrapped with a timer (tf.profile overflows
// the stack on a transformer step), time summed by kernel name.
// Usage: npx tsx bench/native/profile.ts [--model mlp] [--backend native] [--adam fused|ops] [--steps 5]
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { nativeAvailable, registerNativeBackend } from '@distillery/ml-native';
import { buildModel, type AdamMode, type ModelName } from './models.js';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const modelName = option('model', 'mlp') as ModelName;
const backend = option('backend', 'native');
const adam = option('adam', 'fused') as AdamMode;
const steps = Number(option('steps', '5'));

if (backend === 'wasm') {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(`${path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}${path.sep}`);
}
if (backend === 'native' && !registerNativeBackend()) throw new Error(`native unavailable: ${nativeAvailable().reason}`);
await tf.setBackend(backend);
const model = buildModel(modelName, adam);
model.step();
model.step();
const byKernel = new Map<string, { ms: number; calls: number }>();
for (const config of tf.getKernelsForBackend(backend)) {
  const inner = config.kernelFunc;
  tf.unregisterKernel(config.kernelName, backend);
  tf.registerKernel({
    ...config,
    kernelFunc: (params) => {
      const begin = performance.now();
      const result = inner(params);
      const entry = byKernel.get(config.kernelName) ?? { ms: 0, calls: 0 };
      entry.ms += performance.now() - begin;
      entry.calls += 1;
      byKernel.set(config.kernelName, entry);
      return result;
    },
  });
}
const started = performance.now();
for (let i = 0; i < steps; i++) model.step();
const wallMs = (performance.now() - started) / steps;
const kernelMs = [...byKernel.values()].reduce((sum, e) => sum + e.ms, 0) / steps;
const rows = [...byKernel.entries()]
  .map(([name, e]) => ({ kernel: name, msPerStep: Number((e.ms / steps).toFixed(2)), callsPerStep: e.calls / steps, share: Number((e.ms / steps / kernelMs).toFixed(3)) }))
  .sort((a, b) => b.msPerStep - a.msPerStep);
console.log(JSON.stringify({ model: modelName, backend, adam, wallMsPerStep: Number(wallMs.toFixed(1)), kernelMsPerStep: Number(kernelMs.toFixed(1)), kernels: rows.slice(0, 40) }, null, 1));
model.dispose();
