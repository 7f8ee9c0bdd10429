import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ModelArch } from '@distillery/schemas';
import { loadModel, saveModel } from '../io.js';
import { describeEachBackend, expectCloseAsync, scalarAsync, valuesAsync } from '../testing/index.js';
import { buildModel, countParams } from './build.js';
import { flopsPerSample, trainingFlops } from './flops.js';

const mlpArch = ModelArch.parse({ family: 'mlp', hidden: [32, 16] });
const cnnArch = ModelArch.parse({ family: 'cnn', filters: [4, 8], kernelSize: 3, dense: 16 });
const tinyTransformer = ModelArch.parse({ family: 'char-transformer', layers: 2, dModel: 16, heads: 2, context: 8 });
const VOCAB = 11;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ml-models-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('parameter and FLOP counts', () => {
  it('MLP 784-800-800-10 has the textbook 1,276,810 parameters', () => {
    const model = buildModel(ModelArch.parse({ family: 'mlp', hidden: [800, 800] }), { inputShape: [784], numClasses: 10 });
    expect(countParams(model)).toBe(784 * 800 + 800 + 800 * 800 + 800 + 800 * 10 + 10);
    model.dispose();
  });

  it('MLP FLOPs match a hand count: 2·(784·32 + 32·16 + 16·10)', () => {
    const dims = { inputShape: [784], numClasses: 10 };
    expect(flopsPerSample(mlpArch, dims)).toBe(2 * (784 * 32 + 32 * 16 + 16 * 10)); // = 51,520
    expect(flopsPerSample(mlpArch, dims)).toBe(51_520);
    expect(trainingFlops(mlpArch, dims, 100)).toBe(3 * 51_520 * 100);
  });

  it('CNN parameters and FLOPs match a hand count', () => {
    const model = buildModel(cnnArch, { inputShape: [784], numClasses: 10 });
    // conv0 3·3·1·4+4, conv1 3·3·4·8+8, dense (7·7·8)·16+16, head 16·10+10
    expect(countParams(model)).toBe(40 + 296 + 6288 + 170);
    expect(flopsPerSample(cnnArch, { inputShape: [784], numClasses: 10 })).toBe(
      2 * 28 * 28 * 9 * 1 * 4 + 2 * 14 * 14 * 9 * 4 * 8 + 2 * 392 * 16 + 2 * 16 * 10,
    );
    model.dispose();
  });

  it('transformer parameters and FLOPs match a hand count', () => {
    const model = buildModel(tinyTransformer, { inputShape: [8], vocabSize: VOCAB });
    const perBlock = 2 * 2 * 16 + 4 * (16 * 16 + 16) + (16 * 64 + 64) + (64 * 16 + 16);
    expect(countParams(model)).toBe(VOCAB * 16 + 8 * 16 + 2 * perBlock + 2 * 16 + (16 * VOCAB + VOCAB));
    const t = 8;
    const d = 16;
    expect(flopsPerSample(tinyTransformer, { inputShape: [8], vocabSize: VOCAB })).toBe(2 * (24 * t * d * d + 4 * t * t * d) + 2 * t * d * VOCAB);
    model.dispose();
  });

  it('names every projection as a stock Dense layer, for LoRA', () => {
    const model = buildModel(tinyTransformer, { inputShape: [8], vocabSize: VOCAB });
    const dense = model.layers.filter((layer) => layer.getClassName() === 'Dense').map((layer) => layer.name);
    for (const b of [0, 1]) {
      for (const part of ['attn_q', 'attn_k', 'attn_v', 'attn_out', 'mlp_up', 'mlp_down']) expect(dense).toContain(`block${b}_${part}`);
    }
    expect(dense).toContain('head');
    expect(dense).toHaveLength(13);
    model.dispose();
  });

  it('rejects missing dimensions with the field name', () => {
    expect(() => buildModel(mlpArch, { inputShape: [784] })).toThrow(/numClasses/);
    expect(() => buildModel(tinyTransformer, { inputShape: [8] })).toThrow(/vocabSize/);
    expect(() => buildModel(tinyTransformer, { inputShape: [9], vocabSize: 5 })).toThrow(/inputShape/);
    expect(() => buildModel(cnnArch, { inputShape: [10], numClasses: 2 })).toThrow(/inputShape/);
  });
});

const tokens = tf.tensor2d([[1, 2, 3, 4, 5, 6, 7, 8], [8, 7, 6, 5, 4, 3, 2, 1], [0, 0, 1, 1, 2, 2, 3, 3]], [3, 8], 'int32');

await describeEachBackend('models', (backend) => {
  it('MLP and CNN output logits (no softmax), deterministic in the seed', async () => {
    const x = tf.randomUniform([4, 784], 0, 1, 'float32', 1);
    for (const arch of [mlpArch, cnnArch]) {
      const a = buildModel(arch, { inputShape: [784], numClasses: 10 }, { seed: 3 });
      const b = buildModel(arch, { inputShape: [784], numClasses: 10 }, { seed: 3 });
      const c = buildModel(arch, { inputShape: [784], numClasses: 10 }, { seed: 4 });
      const ya = a.predict(x) as tf.Tensor;
      expect(ya.shape).toEqual([4, 10]);
      await expectCloseAsync(b.predict(x), ya, 1e-6);
      expect(Math.max(...(await valuesAsync(() => tf.sub(c.predict(x) as tf.Tensor, ya).abs())))).toBeGreaterThan(1e-3);
      const rowSums = await valuesAsync(() => tf.sum(ya, 1));
      expect(Array.from(rowSums).some((s) => Math.abs(s - 1) > 1e-3)).toBe(true);
      expect(Math.min(...(await ya.data()))).toBeLessThan(0);
      [a, b, c].forEach((m) => m.dispose());
    }
    x.dispose();
  });

  it('transformer is causal: changing a later token leaves earlier logits unchanged', async () => {
    const model = buildModel(tinyTransformer, { inputShape: [8], vocabSize: VOCAB }, { seed: 1 });
    const logits = model.predict(tokens) as tf.Tensor;
    expect(logits.shape).toEqual([3, 8, VOCAB]);
    const changed = tf.tensor2d([[1, 2, 3, 4, 5, 9, 9, 9]], [1, 8], 'int32');
    const changedLogits = model.predict(changed) as tf.Tensor;
    const original = logits.slice([0, 0, 0], [1, 8, VOCAB]);
    await expectCloseAsync(changedLogits.slice([0, 0, 0], [1, 5, VOCAB]), original.slice([0, 0, 0], [1, 5, VOCAB]), 1e-5);
    const later = await scalarAsync(() => tf.sub(changedLogits.slice([0, 5, 0], [1, 3, VOCAB]), original.slice([0, 5, 0], [1, 3, VOCAB])).abs().max());
    expect(later).toBeGreaterThan(1e-4);
    model.dispose();
  });

  it('transformer saves and loads back through stock tf.loadLayersModel with identical logits', async () => {
    const model = buildModel(tinyTransformer, { inputShape: [8], vocabSize: VOCAB }, { seed: 2 });
    const dir = path.join(root, `transformer-${backend.name}`);
    await saveModel(model, dir);
    const reloaded = await loadModel(dir);
    await expectCloseAsync(reloaded.predict(tokens), model.predict(tokens), 1e-6);
    expect(reloaded.getLayer('block1_attn_q').getClassName()).toBe('Dense');
    model.dispose();
    reloaded.dispose();
  });

  it('transformer learns a repeating sequence in 40 Adam steps (gradients flow through the custom layers)', async () => {
    const model = buildModel(tinyTransformer, { inputShape: [8], vocabSize: VOCAB }, { seed: 5 });
    const pattern = [1, 2, 3, 4, 5];
    const window = (offset: number): number[] => Array.from({ length: 9 }, (_, i) => pattern[(offset + i) % 5]!);
    const windows = [0, 1, 2, 3, 4].map(window);
    const inputs = tf.tensor2d(windows.map((w) => w.slice(0, 8)), [5, 8], 'int32');
    const targets = tf.oneHot(tf.tensor2d(windows.map((w) => w.slice(1)), [5, 8], 'int32'), VOCAB);
    const optimizer = tf.train.adam(0.01);
    const lossOf = (): tf.Scalar => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(targets, model.apply(inputs, { training: true }) as tf.Tensor);
    const initial = await scalarAsync(lossOf);
    const before = tf.memory().numTensors;
    for (let step = 0; step < 40; step++) {
      tf.tidy(() => {
        optimizer.minimize(lossOf);
      });
      // A turn of the event loop per step, as train() has: on webgpu, Dawn recycles a step's bind groups only then, and
      // on lavapipe ~30 steps queued without one segfault in vkCreateDescriptorPool.
      await tf.nextFrame();
    }
    const after = tf.memory().numTensors;
    const final = await scalarAsync(lossOf);
    expect(initial).toBeGreaterThan(Math.log(VOCAB) * 0.8); // ≈ uniform guess at start
    expect(final).toBeLessThan(0.3);
    expect(after - before).toBeLessThanOrEqual(2 * model.trainableWeights.length + 1); // Adam slots, created once
    optimizer.dispose();
    tf.dispose([inputs, targets]);
    model.dispose();
  });
});
