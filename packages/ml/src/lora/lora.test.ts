// LoRA end to end: layer maths, applyLora on sequential/functional/transformer models, training, adapters, merging.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { TrainConfig, type ModelArch } from '@distillery/schemas';
import { createRng } from '../data/rng.js';
import { loadModel, modelSizeBytes, saveModel } from '../io.js';
import { buildModel } from '../models/build.js';
import { describeEachBackend, expectCloseAsync } from '../testing/index.js';
import { train, type TrainBatch } from '../train/train.js';
import { loadAdapter, saveAdapter } from './adapter_io.js';
import { applyLora, loraLayers, trainableParamCount } from './apply_lora.js';
import { LoraDense } from './lora_dense.js';
import { mergeLora } from './merge_lora.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'distillery-lora-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function randomInput(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => rng.nextNormal()), shape);
}

const mlpArch: ModelArch = { family: 'mlp', hidden: [32, 16], dropout: 0, activation: 'relu' };
const transformerArch: ModelArch = { family: 'char-transformer', layers: 1, dModel: 16, heads: 2, context: 8, dropout: 0 };

/** Nudges every adapter's B away from zero so merged/unmerged comparisons test a real update. */
function perturbAdapters(model: tf.LayersModel, seed: number): void {
  for (const layer of loraLayers(model)) {
    const { a, b } = layer.adapterWeights();
    const noisyB = tf.tidy(() => tf.mul(randomInput(b.shape, seed++), 0.1));
    layer.setAdapterWeights(a, noisyB);
    noisyB.dispose();
  }
}

await describeEachBackend('LoRA', () => {
  it('LoraDense computes x·W + b + (α/r)·(x·A)·B on 2-D and 3-D inputs', async () => {
    const layer = new LoraDense({ units: 3, rank: 2, alpha: 4, activation: 'relu', seed: 1 });
    // Built in a tidy, compared after it: webgpu reads tensors only asynchronously.
    const [actual2, expected2, out3, expected3] = tf.tidy(() => {
      const x2 = randomInput([5, 4], 2);
      layer.apply(x2); // builds
      const w = randomInput([4, 3], 3);
      const b = randomInput([3], 4);
      layer.setBaseWeights(w, b);
      const a = randomInput([4, 2], 5);
      const bMatrix = randomInput([2, 3], 6);
      layer.setAdapterWeights(a, bMatrix);
      const expected2 = tf.relu(tf.add(tf.add(tf.matMul(x2, w), b), tf.mul(tf.matMul(tf.matMul(x2, a), bMatrix), 2)));
      const x3 = randomInput([2, 6, 4], 7);
      const expected3 = tf.reshape(layer.apply(tf.reshape(x3, [12, 4])) as tf.Tensor, [2, 6, 3]);
      return [layer.apply(x2) as tf.Tensor, expected2, layer.apply(x3) as tf.Tensor, expected3];
    });
    await expectCloseAsync(actual2, expected2, 1e-5);
    expect(out3.shape).toEqual([2, 6, 3]);
    await expectCloseAsync(out3, expected3, 1e-5);
    expect(layer.trainableWeights.map((v) => v.originalName)).toEqual([`${layer.name}/lora_a`, `${layer.name}/lora_b`]);
    expect(layer.nonTrainableWeights.map((v) => v.originalName)).toEqual([`${layer.name}/kernel`, `${layer.name}/bias`]);
    tf.dispose([actual2, expected2, out3, expected3]);
  });

  it('starts as the base model, freezes it, and counts Σ r·(in+out) trainable parameters', async () => {
    const base = buildModel(mlpArch, { inputShape: [20], numClasses: 5 }, { seed: 1 });
    const adapted = await applyLora(base, { rank: 4, alpha: 8 });
    expect(loraLayers(adapted).map((l) => l.name)).toEqual(['dense0', 'dense1', 'head']);
    expect(trainableParamCount(adapted)).toBe(4 * (20 + 32) + 4 * (32 + 16) + 4 * (16 + 5));
    const x = randomInput([7, 20], 2);
    await expectCloseAsync(adapted.predict(x), base.predict(x), 1e-5);

    const some = await applyLora(base, { rank: 2, alpha: 2, targetLayers: ['head'] });
    expect(trainableParamCount(some)).toBe(2 * (16 + 5));
    await expect(applyLora(base, { rank: 2, alpha: 2, targetLayers: ['head', 'nope'] })).rejects.toThrow(/"nope".*valid: dense0, dense1, head/);
    await expect(applyLora(base, { rank: 0, alpha: 2 })).rejects.toThrow(/rank/);
    tf.dispose(x);
    [base, adapted, some].forEach((m) => m.dispose());
  });

  it('trains only the adapters, and the merged model matches the adapted one', async () => {
    const base = buildModel(mlpArch, { inputShape: [20], numClasses: 5 }, { seed: 1 });
    const baseWeights = base.getWeights().map((w) => w.clone());
    const adapted = await applyLora(base, { rank: 4, alpha: 8, seed: 3 });
    const frozenBefore = adapted.nonTrainableWeights.map((w) => w.read().clone());
    // A task the base does not solve: labels from the sign pattern of a random projection.
    const x = randomInput([64, 20], 4);
    const y = tf.tidy(() => tf.argMax(tf.matMul(x, randomInput([20, 5], 5)), -1));
    const loss = (logits: tf.Tensor, batch: TrainBatch): tf.Scalar => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(batch.y, 5), logits);
    const losses: number[] = [];
    await train({
      model: adapted,
      batches: () => [{ x: x.clone(), y: y.clone() }],
      loss,
      config: TrainConfig.parse({ epochs: 40, learningRate: 1e-2, optimizer: 'adam', seed: 1 }),
      onProgress: (p) => void losses.push(p.loss),
    });
    expect(losses.at(-1)!).toBeLessThan(0.6 * losses[0]!);
    // Frozen: the LoRA model's base copies and the original model are both untouched.
    for (const [i, w] of adapted.nonTrainableWeights.entries()) await expectCloseAsync(w.read(), frozenBefore[i]!, 0);
    for (const [i, w] of base.getWeights().entries()) await expectCloseAsync(w, baseWeights[i]!, 0);

    const merged = await mergeLora(adapted);
    expect(merged.layers.every((l) => !(l instanceof LoraDense))).toBe(true);
    expect(JSON.stringify(merged.toJSON(undefined, false))).not.toContain('LoraDense');
    expect(trainableParamCount(merged)).toBe(merged.countParams());
    await expectCloseAsync(merged.predict(x), adapted.predict(x), 1e-4);
    // The merged model is stock tfjs: it round-trips through plain tf.loadLayersModel with no custom class.
    await saveModel(merged, path.join(dir, 'merged'));
    const stock = await tf.loadLayersModel(tf.io.fromMemory(await captureArtifacts(merged)));
    await expectCloseAsync(stock.predict(x), adapted.predict(x), 1e-4);
    const reloaded = await loadModel(path.join(dir, 'merged'));
    await expectCloseAsync(reloaded.predict(x), adapted.predict(x), 1e-4);
    tf.dispose([x, y, ...baseWeights, ...frozenBefore]);
    [base, adapted, merged, stock, reloaded].forEach((m) => m.dispose());
  });

  it('reaches Dense layers inside a nested model', async () => {
    const inner = tf.sequential({ name: 'inner', layers: [tf.layers.dense({ inputShape: [6], units: 5, name: 'inner_dense' })] });
    const input = tf.input({ shape: [6] });
    const head = tf.layers.dense({ units: 3, name: 'outer_head' }).apply(inner.apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: head });
    const adapted = await applyLora(model, { rank: 2, alpha: 2 });
    expect(loraLayers(adapted).map((l) => l.name)).toEqual(['inner_dense', 'outer_head']);
    expect(trainableParamCount(adapted)).toBe(2 * (6 + 5) + 2 * (5 + 3));
    perturbAdapters(adapted, 30);
    const merged = await mergeLora(adapted);
    const x = randomInput([4, 6], 31);
    await expectCloseAsync(merged.predict(x), adapted.predict(x), 1e-4);
    x.dispose();
    [model, adapted, merged].forEach((m) => m.dispose());
  });

  it('saves a small adapter alone and loads it onto the base model', async () => {
    const base = buildModel({ family: 'mlp', hidden: [256, 256], dropout: 0, activation: 'relu' }, { inputShape: [64], numClasses: 10 }, { seed: 1 });
    const adapted = await applyLora(base, { rank: 2, alpha: 4, targetLayers: ['dense0', 'dense1'] });
    perturbAdapters(adapted, 10);
    const saved = await saveAdapter(adapted, path.join(dir, 'adapter'));
    await saveModel(base, path.join(dir, 'base'));
    const modelBytes = await modelSizeBytes(path.join(dir, 'base'));
    const weightFile = await stat(path.join(dir, 'adapter', 'adapter.weights.bin'));
    expect(weightFile.size).toBe(4 * (2 * (64 + 256) + 2 * (256 + 256)));
    expect(saved.sizeBytes * 20).toBeLessThan(modelBytes);

    const restored = await loadAdapter(base, path.join(dir, 'adapter'));
    expect(loraLayers(restored).map((l) => [l.name, l.rank, l.alpha])).toEqual([['dense0', 2, 4], ['dense1', 2, 4]]);
    const x = randomInput([3, 64], 11);
    await expectCloseAsync(restored.predict(x), adapted.predict(x), 1e-5);
    const other = buildModel(mlpArch, { inputShape: [20], numClasses: 5 }, { seed: 1 });
    await expect(loadAdapter(other, path.join(dir, 'adapter'))).rejects.toThrow(/targetLayers|shape/);
    await expect(loadAdapter(base, path.join(dir, 'missing'))).rejects.toThrow(/no adapter/);
    x.dispose();
    [base, adapted, restored, other].forEach((m) => m.dispose());
  });

  it('adapts the character transformer\'s attention and MLP projections, and merges it back', async () => {
    const base = buildModel(transformerArch, { inputShape: [8], vocabSize: 11 }, { seed: 1 });
    const adapted = await applyLora(base, { rank: 2, alpha: 4, targetLayers: ['block0_attn_q', 'block0_attn_v', 'block0_mlp_up'] });
    expect(trainableParamCount(adapted)).toBe(2 * (16 + 16) + 2 * (16 + 16) + 2 * (16 + 64));
    perturbAdapters(adapted, 20);
    const tokens = tf.tensor2d(Int32Array.from({ length: 16 }, (_, i) => (i * 5) % 11), [2, 8], 'int32');
    const unmerged = adapted.predict(tokens) as tf.Tensor;
    expect(unmerged.shape).toEqual([2, 8, 11]);
    const merged = await mergeLora(adapted);
    await expectCloseAsync(merged.predict(tokens), unmerged, 1e-4);
    // The adapted model (custom LoraDense included) saves and loads through the standard format too.
    await saveModel(adapted, path.join(dir, 'adapted'));
    const reloaded = await loadModel(path.join(dir, 'adapted'));
    await expectCloseAsync(reloaded.predict(tokens), unmerged, 1e-5);
    tf.dispose([tokens, unmerged]);
    [base, adapted, merged, reloaded].forEach((m) => m.dispose());
  });
});

/** The model's model.json + weights in memory, for a stock loadLayersModel without any file handler of ours. */
async function captureArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured) throw new Error('model.save produced nothing');
  return captured;
}
