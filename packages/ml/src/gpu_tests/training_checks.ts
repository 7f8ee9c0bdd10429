// GPU checks of training: each model family's loss falls under the project's train() loop, and no tensor outlives it.
import * as tf from '@tensorflow/tfjs';
import { ModelArch, TrainConfig } from '@distillery/schemas';
import { buildModel, type ModelDims } from '../models/build.js';
import { train, type TrainBatch } from '../train/train.js';
import { readAndDispose, seededValues } from './reference.js';

interface FamilyCase {
  arch: ModelArch;
  dims: ModelDims;
  /** Builds one fixed batch: memorising it must drive the loss down on any backend. */
  batch: () => { x: tf.Tensor; y: tf.Tensor };
  classes: number;
}

const STEPS = 30;
/** Memorising one batch with Adam at 1e-2 for 30 steps must at least halve the loss. */
const REQUIRED_LOSS_RATIO = 0.5;

const FAMILIES: Record<'mlp' | 'cnn' | 'char-transformer', FamilyCase> = {
  mlp: {
    arch: ModelArch.parse({ family: 'mlp', hidden: [64, 64] }),
    dims: { inputShape: [32], numClasses: 8 },
    classes: 8,
    batch: () => ({
      x: tf.tensor2d(seededValues(64 * 32, 51), [64, 32]),
      y: tf.tensor1d(Array.from({ length: 64 }, (_, i) => (i * 5) % 8), 'int32'),
    }),
  },
  cnn: {
    arch: ModelArch.parse({ family: 'cnn', filters: [8, 16], kernelSize: 3, dense: 32 }),
    dims: { inputShape: [12, 12, 1], numClasses: 4 },
    classes: 4,
    batch: () => ({
      x: tf.tensor4d(seededValues(32 * 12 * 12, 52, 0, 1), [32, 12, 12, 1]),
      y: tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 4), 'int32'),
    }),
  },
  'char-transformer': {
    arch: ModelArch.parse({ family: 'char-transformer', layers: 2, dModel: 32, heads: 4, context: 16 }),
    dims: { inputShape: [16], vocabSize: 13 },
    classes: 13,
    // A repeating 7-token pattern: next-token prediction is learnable through attention.
    batch: () => {
      const windows = Array.from({ length: 8 }, (_, o) => Array.from({ length: 17 }, (_, i) => 1 + ((o + i) % 7)));
      return {
        x: tf.tensor2d(windows.map((w) => w.slice(0, 16)), [8, 16], 'int32'),
        y: tf.tensor2d(windows.map((w) => w.slice(1)), [8, 16], 'int32'),
      };
    },
  },
};

function crossEntropy(logits: tf.Tensor, labels: tf.Tensor, classes: number): tf.Scalar {
  return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(tf.reshape(labels, [-1]), classes), tf.reshape(logits, [-1, classes]));
}

async function lossOn(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, classes: number): Promise<number> {
  const loss = tf.tidy(() => crossEntropy(model.predict(x) as tf.Tensor, y, classes));
  return (await readAndDispose(loss))[0]!;
}

/** Trains one family with train() on a fixed batch; throws if the loss does not fall enough or tensors leak. */
export async function checkFamilyTrains(family: keyof typeof FAMILIES): Promise<string> {
  const spec = FAMILIES[family];
  const model = buildModel(spec.arch, spec.dims, { seed: 3 });
  const { x, y } = spec.batch();
  try {
    const initial = await lossOn(model, x, y, spec.classes);
    const tensorsBefore = tf.memory().numTensors;
    const result = await train({
      model,
      batches: function* (): Generator<TrainBatch> {
        for (let i = 0; i < STEPS; i++) yield { x: x.clone(), y: y.clone() };
      },
      loss: (logits, batch) => crossEntropy(logits, batch.y, spec.classes),
      config: TrainConfig.parse({ epochs: 1, batchSize: x.shape[0], learningRate: 1e-2, optimizer: family === 'char-transformer' ? 'adamw' : 'adam', seed: 1, maxSteps: STEPS }),
      stepsPerEpoch: STEPS,
    });
    const leaked = tf.memory().numTensors - tensorsBefore;
    const final = await lossOn(model, x, y, spec.classes);
    const detail = `${family}: loss ${initial.toFixed(3)} → ${final.toFixed(3)} in ${result.steps} steps, ${leaked} tensors left behind`;
    if (result.steps !== STEPS) throw new Error(`${detail}: expected ${STEPS} steps`);
    if (!(final < REQUIRED_LOSS_RATIO * initial)) throw new Error(`${detail}: loss did not fall below ${REQUIRED_LOSS_RATIO}× its start`);
    if (leaked !== 0) throw new Error(`${detail}: train() leaked tensors`);
    return detail;
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

/** A step-by-step leak check at the level the benchmarks use: variableGrads + Adam updates inside tidy, tensor count flat. */
export async function checkNoLeakAcrossSteps(): Promise<string> {
  const spec = FAMILIES.mlp;
  const model = buildModel(spec.arch, spec.dims, { seed: 4 });
  const { x, y } = spec.batch();
  const optimizer = tf.train.adam(1e-3);
  try {
    const step = (): tf.Scalar => tf.tidy(() => optimizer.minimize(() => crossEntropy(model.apply(x, { training: true }) as tf.Tensor, y, spec.classes), true)!);
    await readAndDispose(step()); // the first step creates Adam's slots
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      await readAndDispose(step());
      counts.push(tf.memory().numTensors);
    }
    const growth = counts[counts.length - 1]! - counts[0]!;
    const detail = `tensor count over 5 steps: ${counts.join(', ')}`;
    if (growth !== 0) throw new Error(`${detail}: grows by ${growth}`);
    return detail;
  } finally {
    optimizer.dispose();
    tf.dispose([x, y]);
    model.dispose();
  }
}
