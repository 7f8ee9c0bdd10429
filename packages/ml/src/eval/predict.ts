// Batched forward passes that bring logits back to the host as a LogitMatrix, without leaking tensors.
import * as tf from '@tensorflow/tfjs';
import type { LogitMatrix } from './metrics.js';

/** Anything with a Layers-style `predict` (a tf.LayersModel, or a wrapper around one). */
export interface Predictor {
  predict(x: tf.Tensor): tf.Tensor | tf.Tensor[];
}

/** The single output tensor of `predict`; multi-output models are a caller error here. */
export function singleOutput(out: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (Array.isArray(out)) {
    if (out.length !== 1) {
      tf.dispose(out);
      throw new Error(`model: expected one output, got ${out.length}`);
    }
    return out[0]!;
  }
  return out;
}

/**
 * Runs `model` over `x` ([n, ...features]) in slices of `batchSize` and returns the logits, with the
 * trailing dimension as classes: [n, classes] for classifiers, [n · positions, vocab] for sequence models.
 */
export async function predictLogits(model: Predictor, x: tf.Tensor, batchSize: number): Promise<LogitMatrix> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize: must be a positive integer');
  const n = x.shape[0];
  if (n === undefined || n === 0) throw new Error('x: must have at least one example on its first axis');
  const chunks: Float32Array[] = [];
  let classes = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const logits = tf.tidy(() => {
      const batch = x.slice(start, size);
      return singleOutput(model.predict(batch)).asType('float32');
    });
    classes = logits.shape[logits.shape.length - 1] ?? 1;
    chunks.push((await logits.data()) as Float32Array);
    logits.dispose();
  }
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const values = new Float32Array(total);
  let offset = 0;
  for (const c of chunks) {
    values.set(c, offset);
    offset += c.length;
  }
  return { values, rows: total / classes, classes };
}
