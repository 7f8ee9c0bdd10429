// Test models: two small MNIST classifiers trained here for a few seconds and imported into the store as artifacts.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, loadDataset, saveModel } from '@distillery/ml';
import type { Artifact } from '@distillery/schemas';
import type { Store } from '@distillery/store';

export const FIXTURE_DATASET = { name: 'mnist', trainLimit: 2000, testLimit: 500, testFraction: 0.2 } as const;

async function trainMlp(hidden: number, x: tf.Tensor, y: tf.Tensor, seed: number): Promise<tf.LayersModel> {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: s });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: hidden, activation: 'relu', kernelInitializer: init(seed) }),
      tf.layers.dense({ units: 10, kernelInitializer: init(seed + 1) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.003), loss: tf.losses.softmaxCrossEntropy });
  await model.fit(x, y, { epochs: 3, batchSize: 64, shuffle: false, verbose: 0 });
  return model;
}

/** A wider "teacher" and a narrower "student"; both beat chance by far, the wider one usually a little more. */
export async function importTinyClassifiers(store: Store, workDir: string): Promise<{ wide: Artifact; narrow: Artifact }> {
  await initBackend();
  const data = await loadDataset(FIXTURE_DATASET, { seed: 42 });
  if (data.kind !== 'classification') throw new Error('mnist should be a classification data set');
  const x = tf.tensor2d(data.train.x, [data.train.count, 784]);
  const y = tf.oneHot(tf.tensor1d(data.train.y, 'int32'), 10).toFloat();
  const saved: Artifact[] = [];
  for (const [name, hidden] of [
    ['mlp-64', 64],
    ['mlp-8', 8],
  ] as const) {
    const model = await trainMlp(hidden, x, y, 7);
    const dir = path.join(workDir, name);
    await saveModel(model, dir);
    saved.push(await store.importArtifact({ kind: 'model', name, role: 'baseline', family: 'mlp', params: model.countParams() }, dir));
    model.dispose();
  }
  tf.dispose([x, y]);
  return { wide: saved[0]!, narrow: saved[1]! };
}
