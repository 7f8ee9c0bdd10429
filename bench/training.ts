// Our side of the training bench: the product's own training loop (`train`, the path every job takes) on real data
// for the three model families of issue #6, timed over a run of steps after a warm-up.
import * as tf from '@tensorflow/tfjs';
import type { ModelArch, TrainConfig } from '@distillery/schemas';
import {
  buildModel,
  classificationBatches,
  loadDataset,
  textBatch,
  train,
  trainingFlops,
  type BatchSource,
  type ClassificationDataset,
  type ModelDims,
  type TextDataset,
} from '@distillery/ml';

/** The `model` values of bench/results/training.json rows; bench/torch_models.py knows the same three. */
export type BenchModelName = 'mlp' | 'char-transformer' | 'cnn';

export interface BenchModelSpec {
  model: BenchModelName;
  arch: ModelArch;
  batch: number;
  optimizer: TrainConfig['optimizer'];
  learningRate: number;
  weightDecay: number;
  /** What the README and training.md say the row is. */
  description: string;
}

/** The models of issue #6; bench/native/torch_bench.py builds the same layers for PyTorch. */
export const BENCH_MODELS: readonly BenchModelSpec[] = [
  {
    model: 'mlp',
    arch: { family: 'mlp', hidden: [800, 800], dropout: 0, activation: 'relu' },
    batch: 128,
    optimizer: 'adam',
    learningRate: 1e-3,
    weightDecay: 0,
    description: 'MLP 784-800-800-10, ReLU, Adam, MNIST',
  },
  {
    model: 'char-transformer',
    arch: { family: 'char-transformer', layers: 4, dModel: 256, heads: 4, context: 128, dropout: 0 },
    batch: 32,
    optimizer: 'adamw',
    learningRate: 3e-4,
    weightDecay: 0.01,
    description: 'character transformer, 4 layers, width 256, 4 heads, context 128, AdamW, State of the Union text',
  },
  {
    model: 'cnn',
    arch: { family: 'cnn', filters: [32, 64], kernelSize: 3, dense: 128, dropout: 0 },
    batch: 128,
    optimizer: 'adam',
    learningRate: 1e-3,
    weightDecay: 0,
    description: 'CNN conv3x3 32 → pool → conv3x3 64 → pool → dense 128 → 10, Adam, MNIST',
  },
];

export interface OurTrainingBench {
  spec: BenchModelSpec;
  /** The model being trained (the inference bench quantizes the trained MLP) and its data. */
  model: tf.LayersModel;
  data: ClassificationDataset | TextDataset;
  dims: ModelDims;
  /** Training FLOPs of one step (3 × analytic forward FLOPs × batch), for GFLOP/s. */
  flopsPerStep: number;
  /** Continues training for `warmup + steps` steps and times the last `steps`. */
  time(opts: { steps: number; warmup: number; seed: number }): Promise<{ stepsPerSec: number; finalLoss: number }>;
  dispose(): void;
}

interface Prepared {
  data: ClassificationDataset | TextDataset;
  dims: ModelDims;
  batches: BatchSource;
}

/** Cross-entropy over the last axis: class logits [batch, classes] and per-token logits [batch, context, vocab]. */
function softmaxCrossEntropy(logits: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const classes = logits.shape.at(-1) as number;
  return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(y.reshape<tf.Tensor1D>([-1]), classes), logits.reshape([-1, classes]));
}

async function prepare(spec: BenchModelSpec, seed: number): Promise<Prepared> {
  if (spec.arch.family === 'char-transformer') {
    const text = (await loadDataset({ name: 'sotu', trainLimit: 400_000, testLimit: 10_000, testFraction: 0.1 }, { seed })) as TextDataset;
    const context = spec.arch.context;
    return {
      data: text,
      dims: { inputShape: [context], vocabSize: text.vocab.length },
      batches: function* (_epoch, rng) {
        for (;;) {
          const batch = textBatch(text.train, context, spec.batch, rng);
          yield { x: batch.inputs, y: batch.targets };
        }
      },
    };
  }
  const mnist = (await loadDataset({ name: 'mnist', trainLimit: 60_000, testLimit: 2_000, testFraction: 0.2 }, { seed })) as ClassificationDataset;
  const inputShape = spec.arch.family === 'cnn' ? [28, 28, 1] : [784];
  return {
    data: mnist,
    dims: { inputShape, numClasses: 10 },
    batches: classificationBatches(mnist.train, { inputShape, batchSize: spec.batch, dropRemainder: true }),
  };
}

export async function prepareOurBench(spec: BenchModelSpec, seed: number): Promise<OurTrainingBench> {
  const { data, dims, batches } = await prepare(spec, seed);
  const model = buildModel(spec.arch, dims, { seed });
  return {
    spec,
    model,
    data,
    dims,
    flopsPerStep: trainingFlops(spec.arch, dims, spec.batch),
    async time(opts) {
      if (!Number.isInteger(opts.warmup) || opts.warmup < 1) throw new Error(`warmup: must be at least 1 step (the first step of a train() call sets up the optimiser), got ${opts.warmup}`);
      let timedFrom = 0;
      let timedTo = 0;
      let finalLoss = Number.NaN;
      await train({
        model,
        batches,
        loss: (logits, batch) => softmaxCrossEntropy(logits, batch.y),
        config: {
          epochs: 200,
          batchSize: spec.batch,
          learningRate: spec.learningRate,
          optimizer: spec.optimizer,
          weightDecay: spec.weightDecay,
          seed: opts.seed,
          maxSteps: opts.warmup + opts.steps,
          checkpointEvery: 1_000_000,
        },
        onProgress: (p) => {
          if (p.step === opts.warmup) timedFrom = performance.now();
          if (p.step === opts.warmup + opts.steps) {
            timedTo = performance.now();
            finalLoss = p.loss;
          }
        },
      });
      return { stepsPerSec: opts.steps / ((timedTo - timedFrom) / 1000), finalLoss };
    },
    dispose() {
      model.dispose();
    },
  };
}
