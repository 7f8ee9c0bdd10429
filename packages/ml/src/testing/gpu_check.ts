// Device check for the GPU machine (bundled by /work/shared/gpu/pack.sh): the webgpu backend loads first and our models
// compute, train and round-trip on it. Prints one JSON report and writes it to $OUT/gpu-check.json; exits 1 on a failed check.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ModelArch } from '@distillery/schemas';
import { initBackend } from '../backends.js';
import { loadModel, saveModel } from '../io.js';
import { buildModel } from '../models/build.js';
import { deviceReportDir, testBackendOptions } from './env.js';

const checks: { name: string; ok: boolean; detail: string }[] = [];
function check(name: string, ok: boolean, detail: string): void {
  checks.push({ name, ok, detail });
}

// webgpu's readSync needs OffscreenCanvas, which Node lacks: every read here is the async data().
async function scalarOf(t: tf.Tensor): Promise<number> {
  const value = (await t.data())[0]!;
  t.dispose();
  return value;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return a.length === b.length ? worst : Infinity;
}

async function main(): Promise<void> {
  const info = await initBackend(testBackendOptions());
  check('initBackend picks webgpu', info.name === 'webgpu', JSON.stringify(info));

  const tiny = ModelArch.parse({ family: 'char-transformer', layers: 2, dModel: 32, heads: 4, context: 16 });
  const vocab = 13;
  const model = buildModel(tiny, { inputShape: [16], vocabSize: vocab }, { seed: 3 });
  const tokens = tf.tensor2d(Array.from({ length: 32 }, (_, i) => (i * 7) % vocab), [2, 16], 'int32');
  const gpuLogits = await (model.predict(tokens) as tf.Tensor).data();

  const dir = await mkdtemp(path.join(os.tmpdir(), 'gpu-io-'));
  await saveModel(model, dir);
  const reloaded = await loadModel(dir);
  const reloadDiff = maxAbsDiff(await (reloaded.predict(tokens) as tf.Tensor).data(), gpuLogits);
  check('transformer save/load round trip on webgpu', reloadDiff < 1e-6, `max |Δ| = ${reloadDiff}`);

  // The same saved weights on cpu (tensors cannot move off webgpu synchronously, so reload there).
  await tf.setBackend('cpu');
  const onCpu = await loadModel(dir);
  const cpuTokens = tf.tensor2d(Array.from({ length: 32 }, (_, i) => (i * 7) % vocab), [2, 16], 'int32');
  const cpuLogits = await (onCpu.predict(cpuTokens) as tf.Tensor).data();
  await tf.setBackend('webgpu');
  const transformerDiff = maxAbsDiff(gpuLogits, cpuLogits);
  check('transformer logits webgpu vs cpu', transformerDiff < 1e-3, `max |Δ| = ${transformerDiff.toExponential(2)}`);

  // 40 Adam steps on a repeating pattern: gradients through the custom attention on the GPU.
  const pattern = [1, 2, 3, 4, 5, 6, 7];
  const windows = Array.from({ length: 7 }, (_, o) => Array.from({ length: 17 }, (_, i) => pattern[(o + i) % 7]!));
  const inputs = tf.tensor2d(windows.map((w) => w.slice(0, 16)), [7, 16], 'int32');
  const targets = tf.oneHot(tf.tensor2d(windows.map((w) => w.slice(1)), [7, 16], 'int32'), vocab);
  const optimizer = tf.train.adam(0.01);
  const lossOf = (): tf.Scalar => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(targets, model.apply(inputs, { training: true }) as tf.Tensor);
  const initial = await scalarOf(tf.tidy(lossOf));
  const before = tf.memory().numTensors;
  for (let step = 0; step < 40; step++) tf.tidy(() => void optimizer.minimize(lossOf));
  const final = await scalarOf(tf.tidy(lossOf));
  const leaked = tf.memory().numTensors - before - 2 * model.trainableWeights.length;
  check('transformer trains on webgpu', final < 0.3 && final < initial, `loss ${initial.toFixed(3)} → ${final.toFixed(3)}`);
  check('no tensor leak across steps', leaked <= 1, `tensors beyond Adam slots: ${leaked}`);

  // MLP 784-800-800-10, batch 128, Adam: steps/s on this GPU (the figure the bench compares with PyTorch).
  const mlp = buildModel(ModelArch.parse({ family: 'mlp', hidden: [800, 800] }), { inputShape: [784], numClasses: 10 }, { seed: 1 });
  const x = tf.randomUniform([128, 784], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([128], 0, 10, 'int32', 2), 10);
  const mlpOptimizer = tf.train.adam(0.001);
  const step = (): Promise<number> =>
    scalarOf(tf.tidy(() => mlpOptimizer.minimize(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, mlp.apply(x, { training: true }) as tf.Tensor), true)!));
  for (let i = 0; i < 5; i++) await step();
  const started = performance.now();
  const steps = 50;
  for (let i = 0; i < steps; i++) await step();
  const stepsPerSec = steps / ((performance.now() - started) / 1000);
  check('mlp 784-800-800-10 batch 128 Adam runs', Number.isFinite(stepsPerSec), `${stepsPerSec.toFixed(1)} steps/s (loss read back every step)`);

  const report = { backend: info, checks, passed: checks.every((c) => c.ok) };
  const text = JSON.stringify(report, null, 2);
  console.log(text);
  const reportDir = deviceReportDir();
  if (reportDir !== null) await writeFile(path.join(reportDir, 'gpu-check.json'), text);
  if (!report.passed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
