// Whole training steps on `native`: gradients of a small MLP and CNN equal cpu's, the fused Adam/AdamW step equals
// the tfjs-op arithmetic, and repeated steps leak no tensors.
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeAdamStep, type NativeAdamSettings } from './adam.js';
import { nativeSkipReason, onNativeAndCpu, runOn, seededValues, worstRelativeError } from './testing.js';

const skip = nativeSkipReason();

function crossEntropy(logits: tf.Tensor, classes: number, seed: number): tf.Scalar {
  const batch = logits.shape[0];
  const labels = tf.tensor1d(Array.from(seededValues(batch, seed, 0, classes), Math.floor), 'int32');
  return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(labels, classes), logits);
}

function mlpGradients(): tf.Tensor[] {
  const x = tf.tensor2d(seededValues(32 * 64, 101, 0, 1), [32, 64]);
  const params = [
    tf.tensor2d(seededValues(64 * 48, 102, -0.2, 0.2), [64, 48]),
    tf.tensor1d(seededValues(48, 103, -0.1, 0.1)),
    tf.tensor2d(seededValues(48 * 48, 104, -0.2, 0.2), [48, 48]),
    tf.tensor1d(seededValues(48, 105, -0.1, 0.1)),
    tf.tensor2d(seededValues(48 * 10, 106, -0.2, 0.2), [48, 10]),
    tf.tensor1d(seededValues(10, 107, -0.1, 0.1)),
  ];
  const loss = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor, w3: tf.Tensor, b3: tf.Tensor) => {
    const h1 = tf.relu(tf.add(tf.matMul(x, w1), b1));
    const h2 = tf.fused.matMul({ a: h1, b: w2, bias: b2, activation: 'relu' });
    return crossEntropy(tf.add(tf.matMul(h2, w3), b3), 10, 108);
  };
  return tf.grads(loss)(params);
}

function cnnGradients(): tf.Tensor[] {
  const x = tf.tensor4d(seededValues(8 * 12 * 12, 201, 0, 1), [8, 12, 12, 1]);
  const params = [
    tf.tensor4d(seededValues(3 * 3 * 1 * 6, 202, -0.3, 0.3), [3, 3, 1, 6]),
    tf.tensor1d(seededValues(6, 203, -0.1, 0.1)),
    tf.tensor4d(seededValues(3 * 3 * 6 * 8, 204, -0.2, 0.2), [3, 3, 6, 8]),
    tf.tensor2d(seededValues(2 * 2 * 8 * 10, 205, -0.1, 0.1), [32, 10]),
  ];
  const loss = (k1: tf.Tensor, b1: tf.Tensor, k2: tf.Tensor, w: tf.Tensor) => {
    const c1 = tf.fused.conv2d({ x, filter: k1 as tf.Tensor4D, strides: 1, pad: 'same', bias: b1, activation: 'relu' });
    const p1 = tf.maxPool(c1, 2, 2, 'valid');
    const c2 = tf.relu(tf.conv2d(p1, k2 as tf.Tensor4D, 2, 'valid'));
    return crossEntropy(tf.matMul(tf.reshape(c2, [8, -1]), w), 10, 206);
  };
  return tf.grads(loss)(params);
}

describe.skipIf(skip !== null)(`training on native${skip ? ` — skipped: ${skip}` : ''}`, () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('MLP gradients equal cpu within 1e-4 relative', async () => {
    const [native, cpu] = await onNativeAndCpu(mlpGradients);
    expect(native).toHaveLength(6);
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-4);
  });

  it('CNN gradients equal cpu within 1e-4 relative', async () => {
    const [native, cpu] = await onNativeAndCpu(cnnGradients);
    expect(native).toHaveLength(4);
    expect(worstRelativeError(native, cpu)).toBeLessThan(1e-4);
  });

  for (const kind of ['adam', 'adamw'] as const) {
    // 600×500 weights: enough that the fused step is split across threads.
    it(`fused ${kind} steps equal the tfjs-op update within 1e-5`, async () => {
      const [rows, cols] = [600, 500];
      const shape: [number, number] = [rows, cols];
      const settings = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, l2Decay: kind === 'adam' ? 0.01 : 0, decoupledDecay: kind === 'adamw' ? 0.05 : 0 };
      const initial = seededValues(rows * cols, 301);
      const gradientAt = (step: number) => tf.tensor2d(seededValues(rows * cols, 310 + step), shape);
      const opsAdam = () => {
        const w = tf.variable(tf.tensor2d(initial, shape));
        let m: tf.Tensor = tf.zeros(shape);
        let v: tf.Tensor = tf.zeros(shape);
        for (let t = 1; t <= 3; t++) {
          const g = tf.add(gradientAt(t), tf.mul(w, settings.l2Decay));
          m = tf.add(tf.mul(m, settings.beta1), tf.mul(g, 1 - settings.beta1));
          v = tf.add(tf.mul(v, settings.beta2), tf.mul(tf.square(g), 1 - settings.beta2));
          const mHat = tf.div(m, 1 - settings.beta1 ** t);
          const vHat = tf.div(v, 1 - settings.beta2 ** t);
          const update = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), settings.epsilon)), settings.learningRate), tf.mul(w, settings.learningRate * settings.decoupledDecay));
          w.assign(tf.sub(w, update));
        }
        return [w.clone(), m, v];
      };
      const fusedAdam = () => {
        const w = tf.variable(tf.tensor2d(initial, shape));
        const m = tf.variable(tf.zeros(shape), false);
        const v = tf.variable(tf.zeros(shape), false);
        for (let step = 1; step <= 3; step++) nativeAdamStep(w, gradientAt(step), m, v, { ...settings, step });
        const out = [w.clone(), m.clone(), v.clone()];
        tf.dispose([w, m, v]);
        return out;
      };
      const expected = await runOn('native', opsAdam);
      const actual = await runOn('native', fusedAdam);
      expect(worstRelativeError(actual, expected)).toBeLessThan(1e-5);
      // The update moved the weights: a no-op step would fail here.
      expect(worstRelativeError(actual.slice(0, 1), [{ shape, values: initial }])).toBeGreaterThan(1e-3);
    });
  }

  it('nativeAdamStep leaves a tensor that shares the variable’s buffer untouched', async () => {
    await tf.setBackend('native');
    const initial = tf.tensor1d([1, 2, 3]);
    const w = tf.variable(initial);
    const m = tf.variable(tf.zeros([3]), false);
    const v = tf.variable(tf.zeros([3]), false);
    nativeAdamStep(w, tf.ones([3]), m, v, { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, l2Decay: 0, decoupledDecay: 0, step: 1 });
    expect(Array.from(initial.dataSync())).toEqual([1, 2, 3]);
    const updated = Array.from(w.dataSync());
    updated.forEach((value, i) => expect(value).toBeCloseTo(i + 1 - 0.1, 5));
    tf.dispose([initial, w, m, v]);
  });

  it('nativeAdamStep names the field whose shape is wrong', async () => {
    await tf.setBackend('native');
    const w = tf.variable(tf.zeros([3]));
    const m = tf.variable(tf.zeros([4]), false);
    const settings: NativeAdamSettings = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, l2Decay: 0, decoupledDecay: 0, step: 1 };
    expect(() => nativeAdamStep(w, tf.zeros([3]), m, m, settings)).toThrow(/firstMoment has shape \[4\]/);
    expect(() => nativeAdamStep(w, tf.zeros([3]), w, w, { ...settings, step: 0 })).toThrow(/step must be an integer >= 1/);
    tf.dispose([w, m]);
  });

  it('training steps with layers, gradients and the fused Adam leak no tensors and lower the loss', async () => {
    await tf.setBackend('native');
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [20], units: 32, activation: 'relu' }), tf.layers.dense({ units: 4 })] });
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const moments = variables.map((v) => [tf.variable(tf.zerosLike(v), false), tf.variable(tf.zerosLike(v), false)] as const);
    const x = tf.tensor2d(seededValues(64 * 20, 401), [64, 20]);
    const labels = tf.oneHot(tf.tensor1d(Array.from(seededValues(64, 402, 0, 4), Math.floor), 'int32'), 4);
    const step = (t: number): number => {
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, model.apply(x) as tf.Tensor), variables);
      variables.forEach((v, i) => {
        const [m, s] = moments[i] as readonly [tf.Variable, tf.Variable];
        nativeAdamStep(v, grads[v.name] as tf.Tensor, m, s, { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, l2Decay: 0, decoupledDecay: 0, step: t });
      });
      const loss = value.dataSync()[0] as number;
      tf.dispose([value, ...Object.values(grads)]);
      return loss;
    };
    const firstLoss = step(1);
    const tensorsAfterFirst = tf.memory().numTensors;
    let lastLoss = firstLoss;
    for (let t = 2; t <= 30; t++) lastLoss = step(t);
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    expect(lastLoss).toBeLessThan(firstLoss * 0.8);
    tf.dispose([x, labels, ...moments.flat()]);
    model.dispose();
  });
});
