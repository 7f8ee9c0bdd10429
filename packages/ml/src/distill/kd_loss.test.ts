// kdLoss against a float64 reference written out by hand, per sample and per token, with its gradients.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { createRng } from '../data/rng.js';
import { describeEachBackend, expectCloseAsync } from '../testing/index.js';
import { kdLoss } from './kd_loss.js';

/** Rows of `classes` logits drawn N(0, 2²), as nested arrays for the reference and flat for tensors. */
function randomLogits(rows: number, classes: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: classes }, () => 2 * rng.nextNormal()));
}

function softmax(row: number[], t = 1): number[] {
  const scaled = row.map((v) => v / t);
  const max = Math.max(...scaled);
  const exps = scaled.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** The loss written the way a numpy user would: loop over rows, average. */
function referenceKd(student: number[][], teacher: number[][], labels: number[], t: number, alpha: number): number {
  let kl = 0;
  let ce = 0;
  student.forEach((s, r) => {
    const ps = softmax(s, t);
    const pt = softmax(teacher[r]!, t);
    kl += pt.reduce((acc, p, c) => acc + p * (Math.log(p) - Math.log(ps[c]!)), 0);
    ce -= Math.log(softmax(s)[labels[r]!]!);
  });
  return (alpha * t * t * kl + (1 - alpha) * ce) / student.length;
}

/** d loss / d student logits, by hand: α·T·(p_s^T − p_t^T)/N + (1 − α)·(softmax(s) − onehot)/N. */
function referenceGrad(student: number[][], teacher: number[][], labels: number[], t: number, alpha: number): number[][] {
  const n = student.length;
  return student.map((s, r) => {
    const ps = softmax(s, t);
    const pt = softmax(teacher[r]!, t);
    const p = softmax(s);
    return s.map((_, c) => (alpha * t * (ps[c]! - pt[c]!) + (1 - alpha) * (p[c]! - (labels[r] === c ? 1 : 0))) / n);
  });
}

await describeEachBackend('kdLoss', () => {
  const student = randomLogits(3, 5, 1);
  const teacher = randomLogits(3, 5, 2);
  const labels = [4, 0, 2];

  it('matches the hand-computed loss for [batch, classes]', async () => {
    for (const [t, alpha] of [[4, 0.7], [1, 0.5], [20, 0.9]] as const) {
      const loss = tf.tidy(() => kdLoss(tf.tensor2d(student), tf.tensor2d(teacher), tf.tensor1d(labels, 'int32'), { temperature: t, alpha }));
      await expectCloseAsync(loss, referenceKd(student, teacher, labels, t, alpha), 1e-5);
      loss.dispose();
    }
  });

  it('averages per token for [batch, seq, vocab]', async () => {
    const tokensS = randomLogits(2 * 4, 6, 3);
    const tokensT = randomLogits(2 * 4, 6, 4);
    const tokenLabels = [0, 5, 3, 1, 2, 2, 4, 0];
    const loss = tf.tidy(() =>
      kdLoss(tf.tensor3d(tokensS.flat(), [2, 4, 6]), tf.tensor3d(tokensT.flat(), [2, 4, 6]), tf.tensor2d(tokenLabels, [2, 4], 'int32'), {
        temperature: 2,
        alpha: 0.5,
      }),
    );
    await expectCloseAsync(loss, referenceKd(tokensS, tokensT, tokenLabels, 2, 0.5), 1e-5);
    loss.dispose();
  });

  it('equals plain cross-entropy when alpha = 0, and accepts one-hot labels', async () => {
    // Built in a tidy, compared after it: webgpu reads tensors only asynchronously.
    const [kd, ce, oneHot] = tf.tidy((): [tf.Tensor, tf.Tensor, tf.Tensor] => {
      const ids = tf.tensor1d(labels, 'int32');
      return [
        kdLoss(tf.tensor2d(student), tf.tensor2d(teacher), ids, { temperature: 5, alpha: 0 }),
        tf.losses.softmaxCrossEntropy(tf.oneHot(ids, 5), tf.tensor2d(student)),
        kdLoss(tf.tensor2d(student), tf.tensor2d(teacher), tf.oneHot(ids, 5), { temperature: 5, alpha: 0.3 }),
      ];
    });
    await expectCloseAsync(kd, ce, 1e-5);
    await expectCloseAsync(kd, referenceKd(student, teacher, labels, 5, 0), 1e-5);
    await expectCloseAsync(oneHot, referenceKd(student, teacher, labels, 5, 0.3), 1e-5);
    tf.dispose([kd, ce, oneHot]);
  });

  it('is zero when the student copies the teacher and alpha = 1', async () => {
    const loss = tf.tidy(() => kdLoss(tf.tensor2d(teacher), tf.tensor2d(teacher), null, { temperature: 3, alpha: 1 }));
    await expectCloseAsync(loss, 0, 1e-6);
    loss.dispose();
  });

  it('sends gradients to the student only, with the analytic values', async () => {
    const [t, alpha] = [4, 0.6];
    // Built in a tidy, compared after it: webgpu reads tensors only asynchronously.
    const [gradStudent, gradTeacher] = tf.tidy(() => {
      const ids = tf.tensor1d(labels, 'int32');
      return tf.grads((s: tf.Tensor, te: tf.Tensor) => kdLoss(s, te, ids, { temperature: t, alpha }))([tf.tensor2d(student), tf.tensor2d(teacher)]);
    });
    await expectCloseAsync(gradTeacher!, new Array<number>(15).fill(0), 0);
    await expectCloseAsync(gradStudent!, referenceGrad(student, teacher, labels, t, alpha), 1e-5);
    tf.dispose([gradStudent!, gradTeacher!]);
  });

  it('rejects bad options and shapes with the field name', () => {
    tf.tidy(() => {
      const s = tf.tensor2d(student);
      const ids = tf.tensor1d(labels, 'int32');
      expect(() => kdLoss(s, tf.tensor2d(teacher), ids, { temperature: 0, alpha: 0.5 })).toThrow(/temperature/);
      expect(() => kdLoss(s, tf.tensor2d(teacher), ids, { temperature: 2, alpha: 1.5 })).toThrow(/alpha/);
      expect(() => kdLoss(s, tf.zeros([3, 4]), ids, { temperature: 2, alpha: 0.5 })).toThrow(/teacherLogits/);
      expect(() => kdLoss(s, tf.tensor2d(teacher), tf.tensor1d([1, 2], 'int32'), { temperature: 2, alpha: 0.5 })).toThrow(/labels/);
    });
  });
});
