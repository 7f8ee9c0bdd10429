// The benchmark models on the tfjs side, matching torch_bench.py layer for layer: MLP 784-800-800-10, the small MNIST
// CNN and the character transformer, each with a one-step training function (forward, backward, Adam/AdamW update).
import * as tf from '@tensorflow/tfjs';
import { buildModel as buildProjectModel } from '@distillery/ml';
import { nativeAdamStep } from '@distillery/ml-native';

export type ModelName = 'mlp' | 'cnn' | 'char-transformer';
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

function mlp(adamMode: AdamMode): BenchModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 800, activation: 'relu' }),
      tf.layers.dense({ units: 800, activation: 'relu' }),
      tf.layers.dense({ units: 10 }),
    ],
  });
  const x = tf.randomUniform([128, 784]);
  const y = tf.randomUniform([128], 0, 10, 'int32');
  const trainer = trainStepFor(model, x, y, adamMode, 1e-3, 0);
  const macs = 128 * (784 * 800 + 800 * 800 + 800 * 10);
  return {
    step: trainer.step,
    flopsPerStep: 3 * 2 * macs,
    dispose() {
      trainer.dispose();
      model.dispose();
      tf.dispose([x, y]);
    },
  };
}

/** The project's own CNN (default CnnArch: 3x3 convs of 32 and 64 filters, dense 128) on MNIST-shaped batches of 128. */
function cnn(adamMode: AdamMode): BenchModel {
  const model = buildProjectModel({ family: 'cnn', filters: [32, 64], kernelSize: 3, dense: 128, dropout: 0 }, { inputShape: [28, 28, 1], numClasses: 10 });
  const x = tf.randomUniform([128, 28, 28, 1]);
  const y = tf.randomUniform([128], 0, 10, 'int32');
  const trainer = trainStepFor(model, x, y, adamMode, 1e-3, 0);
  const macs = 128 * (28 * 28 * 9 * 32 + 14 * 14 * 9 * 32 * 64 + 7 * 7 * 64 * 128 + 128 * 10);
  return {
    step: trainer.step,
    flopsPerStep: 3 * 2 * macs,
    dispose() {
      trainer.dispose();
      model.dispose();
      tf.dispose([x, y]);
    },
  };
}

const VOCAB = 96;

/** The project's character transformer: 4 layers, width 256, 4 heads, context 128, batch 32, AdamW. */
function charTransformer(adamMode: AdamMode): BenchModel {
  const arch = { family: 'char-transformer' as const, layers: 4, dModel: 256, heads: 4, context: 128, dropout: 0 };
  const model = buildProjectModel(arch, { inputShape: [128], vocabSize: VOCAB });
  const x = tf.randomUniform([32, 128], 0, VOCAB, 'int32');
  const y = tf.randomUniform([32, 128], 0, VOCAB, 'int32');
  const trainer = trainStepFor(model, x, y, adamMode, 3e-4, 0.01);
  const tokens = 32 * 128;
  // Per layer: q, k, v, o (4·d²), MLP (8·d²) per token, plus attention scores and mixing (2·T·d per token); then the head.
  const macs = 4 * tokens * (12 * 256 * 256 + 2 * 128 * 256) + tokens * 256 * VOCAB;
  return {
    step: trainer.step,
    flopsPerStep: 3 * 2 * macs,
    dispose() {
      trainer.dispose();
      model.dispose();
      tf.dispose([x, y]);
    },
  };
}

export function buildModel(name: ModelName, adamMode: AdamMode): BenchModel {
  if (name === 'mlp') return mlp(adamMode);
  if (name === 'cnn') return cnn(adamMode);
  return charTransformer(adamMode);
}
