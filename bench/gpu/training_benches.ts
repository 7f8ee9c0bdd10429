// The four GPU training benchmarks (MLP b128 and b8192, character transformer, CNN) as one-step functions on the project's
// models and optimiser, with data uploaded once and analytic FLOPs. pytorch_twins.py mirrors every shape and optimiser.
import * as tf from '@tensorflow/tfjs';
import { ModelArch } from '@distillery/schemas';
import { buildModel, trainingFlops, TrainingOptimizer, type ModelDims, type OptimizerKind } from '@distillery/ml';

export type BenchModelName = 'mlp' | 'cnn' | 'char-transformer';

export interface TrainingBenchSpec {
  /** Row id, e.g. `mlp-784-800-800-10`. */
  model: string;
  family: BenchModelName;
  batch: number;
  arch: ModelArch;
  dims: ModelDims;
  optimizer: OptimizerKind;
  learningRate: number;
  weightDecay: number;
}

/** Printable characters plus a few controls: the same vocabulary size as bench/native and the twins. */
export const TRANSFORMER_VOCAB = 96;

const MLP_ARCH = ModelArch.parse({ family: 'mlp', hidden: [800, 800] });
const MNIST_DIMS: ModelDims = { inputShape: [784], numClasses: 10 };

export const TRAINING_BENCHES: readonly TrainingBenchSpec[] = [
  { model: 'mlp-784-800-800-10', family: 'mlp', batch: 128, arch: MLP_ARCH, dims: MNIST_DIMS, optimizer: 'adam', learningRate: 1e-3, weightDecay: 0 },
  { model: 'mlp-784-800-800-10', family: 'mlp', batch: 8192, arch: MLP_ARCH, dims: MNIST_DIMS, optimizer: 'adam', learningRate: 1e-3, weightDecay: 0 },
  {
    model: 'char-transformer-l4-d256-h4-t128',
    family: 'char-transformer',
    batch: 32,
    arch: ModelArch.parse({ family: 'char-transformer', layers: 4, dModel: 256, heads: 4, context: 128 }),
    dims: { inputShape: [128], vocabSize: TRANSFORMER_VOCAB },
    optimizer: 'adamw',
    learningRate: 3e-4,
    weightDecay: 0.01,
  },
  {
    model: 'cnn-32-64-128',
    family: 'cnn',
    batch: 128,
    arch: ModelArch.parse({ family: 'cnn', filters: [32, 64], kernelSize: 3, dense: 128 }),
    dims: { inputShape: [28, 28, 1], numClasses: 10 },
    optimizer: 'adam',
    learningRate: 1e-3,
    weightDecay: 0,
  },
];

export interface TrainingStep {
  /** Forward, backward and optimiser update on the resident batch; returns the loss (the caller disposes it). */
  step: () => tf.Scalar;
  flopsPerStep: number;
  dispose: () => void;
}

/**
 * Builds the model, a fixed random batch resident on the device (inputs and one-hot targets made once) and the
 * project's TrainingOptimizer (what train() uses; its fused Adam kernel is on or off as the engine config says). One step =
 * variableGrads + applyGradients inside one tidy; nothing is read back, so steps queue on the GPU without waiting.
 */
export function buildTrainingStep(spec: TrainingBenchSpec): TrainingStep {
  const model = buildModel(spec.arch, spec.dims, { seed: 1 });
  const classes = spec.family === 'char-transformer' ? TRANSFORMER_VOCAB : (spec.dims.numClasses ?? 0);
  const { x, targets } = tf.tidy(() => {
    if (spec.family === 'char-transformer') {
      const context = spec.dims.inputShape[0] ?? 0;
      const tokens = tf.randomUniform([spec.batch, context], 0, TRANSFORMER_VOCAB, 'int32', 11);
      const next = tf.randomUniform([spec.batch * context], 0, TRANSFORMER_VOCAB, 'int32', 12);
      return { x: tokens, targets: tf.oneHot(next, TRANSFORMER_VOCAB).toFloat() };
    }
    const pixels = tf.randomUniform([spec.batch, ...spec.dims.inputShape], 0, 1, 'float32', 13);
    const labels = tf.randomUniform([spec.batch], 0, classes, 'int32', 14);
    return { x: pixels, targets: tf.oneHot(labels, classes).toFloat() };
  });
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const settings = { kind: spec.optimizer, learningRate: spec.learningRate, weightDecay: spec.weightDecay };
  const optimizer = new TrainingOptimizer(variables, settings);
  const step = (): tf.Scalar =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const logits = model.apply(x, { training: true }) as tf.Tensor;
        return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(targets, tf.reshape(logits, [-1, classes]));
      }, variables);
      optimizer.applyGradients(variables.map((v) => grads[v.name]));
      return value;
    });
  return {
    step,
    flopsPerStep: trainingFlops(spec.arch, spec.dims, spec.batch),
    dispose: () => {
      optimizer.dispose();
      model.dispose();
      tf.dispose([x, targets]);
    },
  };
}
