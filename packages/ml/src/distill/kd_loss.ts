// The distillation loss of Hinton, Vinyals & Dean (2015): softened teacher targets plus hard-label cross-entropy.
import * as tf from '@tensorflow/tfjs';

export interface KdLossOptions {
  /** Softmax temperature T (> 0); larger spreads the teacher's probability over more classes. */
  temperature: number;
  /** Weight α ∈ [0, 1] of the soft (teacher) term; 1 − α goes to cross-entropy with the labels. */
  alpha: number;
}

const stopGradientOp = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = inputs[0] as tf.Tensor;
  return { value: tf.clone(x), gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.zerosLike(dy as tf.Tensor) };
});

/** Identity whose gradient is zero: the teacher's logits are targets, never something to optimise. */
export function stopGradient(x: tf.Tensor): tf.Tensor {
  return stopGradientOp(x);
}

function checkOptions({ temperature, alpha }: KdLossOptions): void {
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new Error(`temperature: must be a positive number, got ${temperature}`);
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`alpha: must be in [0, 1], got ${alpha}`);
}

/** Labels as probabilities [rows, classes]: class ids (logits' shape minus the last axis) or one-hot/soft targets. */
function labelDistribution(labels: tf.Tensor, logitsShape: readonly number[], classes: number): tf.Tensor2D {
  const idsShape = logitsShape.slice(0, -1);
  if (labels.shape.join(',') === idsShape.join(',')) return tf.oneHot(tf.reshape<tf.Rank.R1>(tf.cast(labels, 'int32'), [-1]), classes).toFloat() as tf.Tensor2D;
  if (labels.shape.join(',') === logitsShape.join(',')) return tf.reshape<tf.Rank.R2>(labels.toFloat(), [-1, classes]);
  throw new Error(`labels: shape [${labels.shape.join(',')}] fits neither class ids [${idsShape.join(',')}] nor probabilities [${logitsShape.join(',')}]`);
}

/**
 * α·T²·KL(softmax(teacher/T) ‖ softmax(student/T)) + (1−α)·CE(student, labels), averaged over every row:
 * samples for [batch, classes] logits, tokens for [batch, seq, vocab]. `labels` are class ids
 * ([batch] or [batch, seq]) or probabilities shaped like the logits; they may be null when α = 1.
 * Gradients reach the student only.
 */
export function kdLoss(studentLogits: tf.Tensor, teacherLogits: tf.Tensor, labels: tf.Tensor | null, opts: KdLossOptions): tf.Scalar {
  checkOptions(opts);
  const { temperature: t, alpha } = opts;
  if (studentLogits.shape.join(',') !== teacherLogits.shape.join(',')) {
    throw new Error(`teacherLogits: shape [${teacherLogits.shape.join(',')}] differs from the student's [${studentLogits.shape.join(',')}]`);
  }
  if (studentLogits.rank < 2) throw new Error(`studentLogits: need [batch, classes] or [batch, seq, vocab], got rank ${studentLogits.rank}`);
  if (labels === null && alpha < 1) throw new Error('labels: required when alpha < 1');
  return tf.tidy(() => {
    const classes = studentLogits.shape[studentLogits.rank - 1] ?? 0;
    const student = tf.reshape(studentLogits, [-1, classes]); // [rows, classes]
    const teacher = stopGradient(tf.reshape(teacherLogits, [-1, classes]));
    let loss: tf.Scalar = tf.scalar(0);
    if (alpha > 0) {
      const teacherLogProbs = tf.logSoftmax(tf.div(teacher, t));
      const studentLogProbs = tf.logSoftmax(tf.div(student, t));
      const kl = tf.mean(tf.sum(tf.mul(tf.exp(teacherLogProbs), tf.sub(teacherLogProbs, studentLogProbs)), -1));
      // T² keeps the soft term's gradient magnitude independent of T (Hinton et al., §2).
      loss = tf.add(loss, tf.mul(kl, alpha * t * t));
    }
    if (alpha < 1 && labels !== null) {
      const targets = labelDistribution(labels, studentLogits.shape, classes);
      const crossEntropy = tf.mean(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(student)), -1)));
      loss = tf.add(loss, tf.mul(crossEntropy, 1 - alpha));
    }
    return loss;
  });
}
