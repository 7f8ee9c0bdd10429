// Real-data sanity check: a small MLP fit for one epoch on 5,000 MNIST digits must generalise to held-out digits.
import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ModelArch } from '@distillery/schemas';
import { initBackend } from '../backends.js';
import { classificationRange, loadDataset, type ClassificationDataset } from '../data/index.js';
import { scalarAsync, testBackendOptions } from '../testing/index.js';
import { buildModel } from './build.js';

it('MLP trained one epoch on 5,000 MNIST samples reaches > 85% test accuracy', async () => {
  const backend = await initBackend(testBackendOptions());
  const data = (await loadDataset({ name: 'mnist', testFraction: 0.2, trainLimit: 5000, testLimit: 2000 }, { seed: 1 })) as ClassificationDataset;
  const model = buildModel(ModelArch.parse({ family: 'mlp', hidden: [128] }), { inputShape: data.inputShape, numClasses: 10 }, { seed: 1 });
  // The model outputs logits, so the loss applies the softmax itself. No shuffle: fit's shuffle is Math.random, and
  // the seeded subset is already in MNIST's mixed order, so the run is deterministic for a backend.
  model.compile({ optimizer: tf.train.adam(0.002), loss: (labels: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits) });
  const train = classificationRange(data.train, data.inputShape, 0, data.train.count);
  const oneHot = tf.oneHot(train.labels, 10);
  const started = performance.now();
  await model.fit(train.xs, oneHot, { epochs: 1, batchSize: 64, shuffle: false, verbose: 0 });
  const seconds = (performance.now() - started) / 1000;
  const test = classificationRange(data.test, data.inputShape, 0, data.test.count);
  const predicted = tf.tidy(() => tf.argMax(model.predict(test.xs) as tf.Tensor, 1));
  const accuracy = await scalarAsync(() => tf.mean(tf.cast(tf.equal(predicted, test.labels), 'float32')));
  console.log(`mnist mlp[128] 1 epoch × 5000 on ${backend.name}: accuracy ${(accuracy * 100).toFixed(1)}% in ${seconds.toFixed(2)} s`);
  expect(accuracy).toBeGreaterThan(0.85);
  tf.dispose([train.xs, train.labels, oneHot, test.xs, test.labels, predicted]);
  model.dispose();
});
