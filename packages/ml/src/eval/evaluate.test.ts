// Evaluation of real tfjs models whose logits are known by construction, on every backend that loads.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../testing/index.js';
import { evaluateClassifier, evaluateLanguageModel } from './evaluate.js';

/** A classifier whose logits equal its input: Dense with an identity kernel and no bias. */
function identityClassifier(classes: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: classes, inputShape: [classes], useBias: false }));
  model.layers[0]!.setWeights([tf.eye(classes)]);
  return model;
}

await describeEachBackend('evaluateClassifier', () => {
  it('reports accuracy, macro-F1, ECE and teacher agreement of known logits, across batch slices', async () => {
    const model = identityClassifier(2);
    const x = tf.tensor2d([
      [Math.log(9), 0],
      [Math.log(9), 0],
      [Math.log(1.5), 0],
      [0, Math.log(1.5)],
    ]);
    const teacher = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 1],
    ]);
    const before = tf.memory().numTensors;
    const m = await evaluateClassifier(model, { x, y: [0, 1, 0, 1] }, { batchSize: 3, teacherLogits: teacher });
    expect(tf.memory().numTensors).toBe(before);
    expect(m.accuracy).toBeCloseTo(0.75, 6);
    // preds [0,0,0,1] vs labels [0,1,0,1]: class 0 F1 = 2·2/(3+2) = 0.8, class 1 = 2·1/(1+2) = 2/3
    expect(m.macroF1).toBeCloseTo((0.8 + 2 / 3) / 2, 5);
    expect(m.expectedCalibrationError).toBeCloseTo(0.4, 4);
    expect(m.teacherAgreement).toBeCloseTo(0.75, 6);
    expect(m.examples).toBe(4);
    tf.dispose([x, teacher]);
    model.dispose();
  });

  it('accepts one-hot labels and rejects a label count that does not match', async () => {
    const model = identityClassifier(3);
    const x = tf.tensor2d([
      [3, 1, 0],
      [0, 2, 1],
    ]);
    const oneHot = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
    const m = await evaluateClassifier(model, { x, y: oneHot });
    expect(m.accuracy).toBeCloseTo(0.5, 6);
    await expect(evaluateClassifier(model, { x, y: [0] })).rejects.toThrow(/y: 1 labels for 2 examples/);
    tf.dispose([x, oneHot]);
    model.dispose();
  });
});

await describeEachBackend('evaluateLanguageModel', () => {
  it('computes bits per character of a bigram model built from an embedding table', async () => {
    // Row k of the table holds log p(next | current = k).
    const table = [
      [0.25, 0.5, 0.125, 0.125],
      [0.5, 0.125, 0.25, 0.125],
      [0.125, 0.5, 0.25, 0.125],
      [0.25, 0.25, 0.25, 0.25],
    ].map((row) => row.map(Math.log));
    const model = tf.sequential();
    model.add(tf.layers.embedding({ inputDim: 4, outputDim: 4, inputLength: 3 }));
    model.layers[0]!.setWeights([tf.tensor2d(table)]);
    // 0→1 (1 bit, argmax right), 1→2 (2 bits, argmax wrong), 2→0 (3 bits, argmax wrong), three times each.
    const ids = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0];
    const before = tf.memory().numTensors;
    const m = await evaluateLanguageModel(model, ids, 3, { batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(m.tokens).toBe(9);
    expect(m.bitsPerChar).toBeCloseTo(2, 5);
    expect(m.accuracy).toBeCloseTo(1 / 3, 6);
    await expect(evaluateLanguageModel(model, [0, 1], 3)).rejects.toThrow(/ids: need at least 4 tokens/);
    model.dispose();
  });
});
