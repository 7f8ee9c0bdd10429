// Whole-model evaluation: a classifier on a labelled split, or a language model on a token stream.
import * as tf from '@tensorflow/tfjs';
import {
  accuracy,
  argmaxRows,
  bitsPerChar,
  expectedCalibrationError,
  macroF1,
  teacherAgreement,
  type LogitMatrix,
} from './metrics.js';
import { predictLogits, type Predictor } from './predict.js';

export interface ClassifierMetrics {
  accuracy: number;
  macroF1: number;
  /** 15 equal-width confidence bins. */
  expectedCalibrationError: number;
  /** Present when teacher logits were given. */
  teacherAgreement?: number;
  examples: number;
  /** The raw logits, [examples, classes], for callers that need more (agreement with another model, caching). */
  logits: LogitMatrix;
}

export interface LanguageModelMetrics {
  bitsPerChar: number;
  /** Share of positions where the most likely next token is the true one. */
  accuracy: number;
  tokens: number;
}

/** Class ids from an int vector, or from a one-hot / probability matrix by argmax. */
async function labelsOf(y: tf.Tensor | ArrayLike<number>): Promise<ArrayLike<number>> {
  if (!(y instanceof tf.Tensor)) return y;
  if (y.rank === 1) return y.data();
  if (y.rank === 2) {
    const ids = tf.argMax(y, 1);
    const out = await ids.data();
    ids.dispose();
    return out;
  }
  throw new Error(`y: expected class ids [n] or one-hot [n, classes], got rank ${y.rank}`);
}

/**
 * Accuracy, macro-F1, ECE (and agreement with a teacher, given its logits [n, classes]) of `model` on `x` / `y`.
 * `y` is class ids or one-hot rows.
 */
export async function evaluateClassifier(
  model: Predictor,
  data: { x: tf.Tensor; y: tf.Tensor | ArrayLike<number> },
  opts: { batchSize?: number; teacherLogits?: LogitMatrix | tf.Tensor } = {},
): Promise<ClassifierMetrics> {
  const labels = await labelsOf(data.y);
  const n = data.x.shape[0] ?? 0;
  if (labels.length !== n) throw new Error(`y: ${labels.length} labels for ${n} examples in x`);
  const logits = await predictLogits(model, data.x, opts.batchSize ?? 256);
  if (logits.rows !== n) throw new Error(`model: produced ${logits.rows} rows of logits for ${n} examples`);
  const predictions = argmaxRows(logits);
  const metrics: ClassifierMetrics = {
    accuracy: accuracy(predictions, labels),
    macroF1: macroF1(predictions, labels, logits.classes),
    expectedCalibrationError: expectedCalibrationError(logits, labels, 15),
    examples: n,
    logits,
  };
  if (opts.teacherLogits !== undefined) {
    const teacher: LogitMatrix =
      opts.teacherLogits instanceof tf.Tensor
        ? {
            values: (await opts.teacherLogits.data()) as Float32Array,
            rows: opts.teacherLogits.shape[0] ?? 0,
            classes: opts.teacherLogits.shape[1] ?? 0,
          }
        : opts.teacherLogits;
    if (teacher.rows !== n) throw new Error(`teacherLogits: ${teacher.rows} rows for ${n} examples`);
    metrics.teacherAgreement = teacherAgreement(predictions, argmaxRows(teacher));
  }
  return metrics;
}

/**
 * Bits per character of a next-token model on `ids`, cut into non-overlapping windows of `context` tokens:
 * the model maps [batch, context] token ids to [batch, context, vocab] logits, position t predicting ids[t + 1].
 */
export async function evaluateLanguageModel(
  model: Predictor & { inputs?: readonly { dtype: string }[] },
  ids: ArrayLike<number>,
  context: number,
  opts: { batchSize?: number; maxWindows?: number } = {},
): Promise<LanguageModelMetrics> {
  if (!Number.isInteger(context) || context < 1) throw new Error('context: must be a positive integer');
  let windows = Math.floor((ids.length - 1) / context);
  if (opts.maxWindows !== undefined) windows = Math.min(windows, opts.maxWindows);
  if (windows < 1) throw new Error(`ids: need at least ${context + 1} tokens for one window of context ${context}`);
  const inputs = new Int32Array(windows * context);
  const targets = new Int32Array(windows * context);
  for (let w = 0; w < windows; w++) {
    for (let t = 0; t < context; t++) {
      inputs[w * context + t] = ids[w * context + t]!;
      targets[w * context + t] = ids[w * context + t + 1]!;
    }
  }
  const dtype = model.inputs?.[0]?.dtype === 'float32' ? 'float32' : 'int32';
  const x = tf.tensor2d(inputs, [windows, context], dtype);
  try {
    const logits = await predictLogits(model, x, opts.batchSize ?? 32);
    if (logits.rows !== targets.length) {
      throw new Error(`model: produced ${logits.rows} positions of logits, expected ${targets.length} ([windows, context, vocab])`);
    }
    return {
      bitsPerChar: bitsPerChar(logits, targets),
      accuracy: accuracy(argmaxRows(logits), targets),
      tokens: targets.length,
    };
  } finally {
    x.dispose();
  }
}
