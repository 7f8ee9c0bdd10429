// LoRA on real data: a base MNIST classifier adapted to colour-inverted digits through rank-4 adapters only.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetRef, TrainConfig } from '@distillery/schemas';
import { initBackend } from '../backends.js';
import { loadDataset } from '../data/load.js';
import type { ClassificationDataset, ClassificationSplit } from '../data/types.js';
import { buildModel } from '../models/build.js';
import { scalarAsync, testBackendOptions } from '../testing/index.js';
import { classificationBatches } from '../train/batch_sources.js';
import { train, type TrainBatch } from '../train/train.js';
import { applyLora, trainableParamCount } from './apply_lora.js';
import { mergeLora } from './merge_lora.js';

let mnist: ClassificationDataset;
beforeAll(async () => {
  const dataset = await loadDataset(DatasetRef.parse({ name: 'mnist', trainLimit: 3000, testLimit: 1000 }), { seed: 3 });
  if (dataset.kind !== 'classification') throw new Error('mnist should load as classification');
  mnist = dataset;
});

const crossEntropy = (logits: tf.Tensor, batch: TrainBatch): tf.Scalar =>
  tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(batch.y, 10), logits);

/** Only the examples of digits 0–4: the base never sees 5–9. */
function lowDigits(split: ClassificationSplit): ClassificationSplit {
  const rows = Array.from(split.y.keys()).filter((i) => (split.y[i] ?? 0) < 5);
  const x = new Float32Array(rows.length * 784);
  rows.forEach((row, i) => x.set(split.x.subarray(row * 784, (row + 1) * 784), i * 784));
  return { x, y: Int32Array.from(rows, (row) => split.y[row] ?? 0), count: rows.length };
}

async function accuracy(model: tf.LayersModel, split: ClassificationSplit): Promise<number> {
  return scalarAsync(() => {
    const predicted = tf.argMax(model.predict(tf.tensor2d(split.x, [split.count, 784])) as tf.Tensor, -1);
    return tf.mean(tf.cast(tf.equal(predicted, tf.tensor1d(split.y, 'int32')), 'float32'));
  });
}

describe('LoRA on MNIST', () => {
  it('teaches a base that only knew digits 0–4 all ten digits (≥ 80%) by training 4% of the parameters', async () => {
    const backend = await initBackend(testBackendOptions());
    const base = buildModel({ family: 'mlp', hidden: [128], dropout: 0, activation: 'relu' }, { inputShape: [784], numClasses: 10 }, { seed: 3 });
    await train({
      model: base,
      batches: classificationBatches(lowDigits(mnist.train), { inputShape: [784], batchSize: 64 }),
      loss: crossEntropy,
      config: TrainConfig.parse({ epochs: 3, batchSize: 64, learningRate: 2e-3, seed: 3 }),
    });
    const baseOnLow = await accuracy(base, lowDigits(mnist.test));
    const baseOnAll = await accuracy(base, mnist.test);

    const adapted = await applyLora(base, { rank: 4, alpha: 8, seed: 4 });
    const trainable = trainableParamCount(adapted);
    await train({
      model: adapted,
      batches: classificationBatches(mnist.train, { inputShape: [784], batchSize: 64 }),
      loss: crossEntropy,
      config: TrainConfig.parse({ epochs: 3, batchSize: 64, learningRate: 1e-2, seed: 4 }),
    });
    const adaptedOnAll = await accuracy(adapted, mnist.test);
    const merged = await mergeLora(adapted);
    const mergedOnAll = await accuracy(merged, mnist.test);
    console.log(
      `[${backend.name}] base ${baseOnLow.toFixed(3)} on digits 0-4, ${baseOnAll.toFixed(3)} on all; ` +
        `LoRA r=4 (${trainable} of ${base.countParams()} params) ${adaptedOnAll.toFixed(3)} on all, merged ${mergedOnAll.toFixed(3)}`,
    );
    expect(baseOnLow).toBeGreaterThanOrEqual(0.9);
    expect(baseOnAll).toBeLessThan(0.6);
    expect(trainable).toBe(4 * (784 + 128) + 4 * (128 + 10));
    expect(trainable / base.countParams()).toBeLessThan(0.05);
    expect(adaptedOnAll).toBeGreaterThanOrEqual(0.8);
    expect(Math.abs(mergedOnAll - adaptedOnAll)).toBeLessThanOrEqual(0.002);
    [base, adapted, merged].forEach((m) => m.dispose());
  });
});
