// The benchmark models of `npm run bench` (BENCH_MODELS in ../training.ts; bench/torch_models.py is the PyTorch side),
// each with a bare one-step training function (forward, backward, Adam/AdamW as tfjs ops or fused), for compare/profile.
import * as tf from '@tensorflow/tfjs';
import { buildModel as buildProjectModel, trainingFlops, type ModelDims } from '@distillery/ml';
import { nativeAdamStep } from '@distillery/ml-native';
import { BENCH_MODELS, type BenchModelName } from '../training.js';

export type ModelName = BenchModelName;
export type AdamMode = 'ops' | 'fused';

export interface BenchModel {
  /** Runs one optimiser step and returns the loss. */
  step: () => number;
  dispose: () => void;
  /** Multiply-adds ×2 of one training step (forward + backward), for GFLOP/s. */
  flopsPerStep: number;
}

/** Adam/AdamW over a variable list: either tfjs ops (what TrainingOptimizer does) or the native fused step. */
function makeAdam(variables: tf.Variable[], mode: AdamMode, learningRate: number, decoupledDecay: number) {
  const beta1 = 0.9;
  const beta2 = 0.999;
  const epsilon = 1e-7;
  const m = variables.map((v) => tf.variable(tf.zerosLike(v), false));
  const v2 = variables.map((v) => tf.variable(tf.zerosLike(v), false));
  let t = 0;
  return {
    apply(grads: tf.Tensor[]) {
      t += 1;
      if (mode === 'fused') {
        variables.forEach((variable, i) =>
          nativeAdamStep(variable, grads[i] as tf.Tensor, m[i] as tf.Variable, v2[i] as tf.Variable, {
            learningRate,
            beta1,
            beta2,
            epsilon,
            l2Decay: 0,
            decoupledDecay,
            step: t,
          }),
        );
        return;
      }
      tf.tidy(() => {
        variables.forEach((variable, i) => {
          const g = grads[i] as tf.Tensor;
          const mi = m[i] as tf.Variable;
          const vi = v2[i] as tf.Variable;
          const nextM = tf.add(tf.mul(mi, beta1), tf.mul(g, 1 - beta1));
          const nextV = tf.add(tf.mul(vi, beta2), tf.mul(tf.square(g), 1 - beta2));
          mi.assign(nextM);
          vi.assign(nextV);
          const mHat = tf.div(nextM, 1 - beta1 ** t);
          const vHat = tf.div(nextV, 1 - beta2 ** t);
          let update = tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), learningRate);
          if (decoupledDecay > 0) update = tf.add(update, tf.mul(variable, learningRate * decoupledDecay));
          variable.assign(tf.sub(variable, update));
        });
      });
    },
    dispose() {
      tf.dispose([...m, ...v2]);
    },
  };
}

function trainStepFor(
  model: tf.LayersModel,
  x: tf.Tensor,
  labels: tf.Tensor,
  adamMode: AdamMode,
  learningRate: number,
  decoupledDecay: number,
): { step: () => number; dispose: () => void } {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const adam = makeAdam(variables, adamMode, learningRate, decoupledDecay);
  return {
    step() {
      const { value, grads } = tf.variableGrads(() => {
        const logits = model.apply(x, { training: true }) as tf.Tensor;
        const classes = logits.shape.at(-1) as number;
        return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(labels.reshape([-1]), classes), logits.reshape([-1, classes]));
      }, variables);
      adam.apply(variables.map((v) => grads[v.name] as tf.Tensor));
      const loss = value.dataSync()[0] as number;
      tf.dispose([value, ...Object.values(grads)]);
      return loss;
    },
    dispose() {
      adam.dispose();
    },
  };
}

/** Fixed random inputs and labels of the bench's shapes: speed does not depend on the values. */
function randomBatch(name: ModelName, batch: number, dims: ModelDims): { x: tf.Tensor; y: tf.Tensor } {
  if (name === 'char-transformer') {
    const vocab = dims.vocabSize ?? VOCAB;
    return { x: tf.randomUniform([batch, ...dims.inputShape], 0, vocab, 'int32'), y: tf.randomUniform([batch, ...dims.inputShape], 0, vocab, 'int32') };
  }
  return { x: tf.randomUniform([batch, ...dims.inputShape]), y: tf.randomUniform([batch], 0, dims.numClasses ?? 10, 'int32') };
}

const VOCAB = 96;

/** The bench model `name` as `npm run bench` defines it (BENCH_MODELS: arch, batch, optimiser), on random data. */
export function buildModel(name: ModelName, adamMode: AdamMode): BenchModel {
  const spec = BENCH_MODELS.find((m) => m.model === name);
  if (spec === undefined) throw new Error(`unknown bench model "${name}"`);
  const dims: ModelDims =
    name === 'char-transformer' ? { inputShape: [128], vocabSize: VOCAB } : { inputShape: name === 'cnn' ? [28, 28, 1] : [784], numClasses: 10 };
  const model = buildProjectModel(spec.arch, dims);
  const { x, y } = randomBatch(name, spec.batch, dims);
  const trainer = trainStepFor(model, x, y, adamMode, spec.learningRate, spec.optimizer === 'adamw' ? spec.weightDecay : 0);
  return {
    step: trainer.step,
    flopsPerStep: trainingFlops(spec.arch, dims, spec.batch),
    dispose() {
      trainer.dispose();
      model.dispose();
      tf.dispose([x, y]);
    },
  };
}
