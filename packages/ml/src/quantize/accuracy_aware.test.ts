// Accuracy-aware quantization of a trained classifier: measured sensitivities, tolerance kept on the written model, back-off.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evaluateClassifier } from '../eval/evaluate.js';
import { loadModel } from '../io.js';
import { describeEachBackend, scalarAsync } from '../testing/index.js';
import { quantizeAccuracyAware } from './accuracy_aware.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'quantize-aware-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Four overlapping Gaussian classes in 20 dimensions: learnable, but not perfectly, so quantization can cost accuracy. */
function blobs(n: number, seed: number): { x: tf.Tensor2D; y: Int32Array } {
  return tf.tidy(() => {
    const y = Int32Array.from({ length: n }, (_, i) => i % 4);
    const centers = tf.randomNormal([4, 20], 0, 1, 'float32', 11);
    const x = tf.gather(centers, tf.tensor1d(y, 'int32')).add<tf.Tensor2D>(tf.randomNormal([n, 20], 0, 1.2, 'float32', seed));
    return { x: tf.keep(x), y };
  });
}

async function trainedMlp(): Promise<tf.LayersModel> {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 64, inputShape: [20], activation: 'relu', name: 'h1', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', name: 'h2', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  model.add(tf.layers.dense({ units: 4, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
  const train = blobs(600, 21);
  const labels = tf.tensor1d(train.y, 'float32');
  await model.fit(train.x, labels, { epochs: 15, batchSize: 64, shuffle: false, verbose: 0 });
  tf.dispose([train.x, labels]);
  return model;
}

await describeEachBackend('quantizeAccuracyAware', (backend) => {
  it('keeps the written model within 1% of the float accuracy, reports every layer’s sensitivity, and shrinks the weights', async () => {
    const model = await trainedMlp();
    const calibration = blobs(400, 31);
    const dir = path.join(root, `${backend.name}-mixed`);
    const result = await quantizeAccuracyAware(model, {
      dir,
      schemes: ['uint8', 'int8-per-channel', 'float16'],
      tolerance: 0.01,
      calibration,
    });
    expect(result.baselineQuality).toBeGreaterThan(0.6); // the classifier learned something worth protecting
    expect(result.layers.map((l) => l.layer)).toEqual(['h1', 'h2', 'logits']);
    for (const layer of result.layers) {
      expect(Object.keys(layer.sensitivity).sort()).toEqual(['float16', 'int8-per-channel', 'uint8']);
      expect(['uint8', 'int8-per-channel', 'float16', 'float32']).toContain(layer.choice);
      // float16 moves weights by 2^-11 relative: no accuracy change on 400 examples beyond one flip
      expect(Math.abs(layer.sensitivity.float16!)).toBeLessThanOrEqual(1 / 400 / result.baselineQuality + 1e-9);
    }
    expect(result.relativeLoss).toBeLessThanOrEqual(0.01);
    expect(result.withinTolerance).toBe(true);
    // Independent check: what is on disk, loaded by stock tfjs, scores what the report says.
    const loaded = await loadModel(dir);
    const measured = await evaluateClassifier(loaded, calibration);
    expect(measured.accuracy).toBeCloseTo(result.finalQuality, 10);
    // Most bytes sit in h2 (64·64) and h1 (20·64): one byte each if they went 8-bit, two at float16.
    expect(result.weightBytes).toBeLessThanOrEqual(result.floatWeightBytes / 2);
    loaded.dispose();
    calibration.x.dispose();
    model.dispose();
  });

  it('backs off when losses do not add: a quality that falls with the 4th power of the output error', async () => {
    const model = await trainedMlp();
    const probe = blobs(200, 41);
    const reference = model.predict(probe.x) as tf.Tensor;
    // quality = 1 − (mean |Δlogit|)^4 · 1e6: two layers at once lose far more than the sum of each alone.
    const quality = async (m: tf.LayersModel): Promise<number> => {
      const out = m.predict(probe.x) as tf.Tensor;
      const d = await scalarAsync(() => tf.mean(tf.abs(out.sub(reference))));
      out.dispose();
      return 1 - d ** 4 * 1e6;
    };
    // Measure each layer alone first, then allow a little more than their sum: the greedy pass takes all three.
    const first = await quantizeAccuracyAware(model, { dir: path.join(root, `${backend.name}-probe`), schemes: ['uint8'], tolerance: 1, calibration: quality });
    const sum = first.layers.reduce((s, l) => s + Math.max(0, l.sensitivity.uint8!), 0);
    expect(first.layers.every((l) => l.choice === 'uint8')).toBe(true);
    expect(first.relativeLoss).toBeGreaterThan(sum * 1.2);

    const result = await quantizeAccuracyAware(model, {
      dir: path.join(root, `${backend.name}-backoff`),
      schemes: ['uint8'],
      tolerance: sum * 1.2,
      calibration: quality,
    });
    expect(result.backoffs).toBeGreaterThanOrEqual(1);
    expect(result.layers.some((l) => l.choice === 'float32')).toBe(true);
    expect(result.relativeLoss).toBeLessThanOrEqual(sum * 1.2);
    expect(result.withinTolerance).toBe(true);
    tf.dispose([probe.x, reference]);
    model.dispose();
  });

  it('names the field on bad options', async () => {
    const model = await trainedMlp();
    const calibration = blobs(40, 51);
    const base = { dir: path.join(root, 'bad'), calibration };
    await expect(quantizeAccuracyAware(model, { ...base, schemes: ['uint8'], tolerance: 2 })).rejects.toThrow(/tolerance/);
    await expect(quantizeAccuracyAware(model, { ...base, schemes: [], tolerance: 0.01 })).rejects.toThrow(/schemes/);
    calibration.x.dispose();
    model.dispose();
  });
});
