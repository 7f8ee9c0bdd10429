// Measuring a character language model: bits per char and next-character accuracy on the evaluation corpus, then tokens/s.
import * as tf from '@tensorflow/tfjs';
import { argmaxRows, evaluateLanguageModel, loadModel, measureInference, predictLogits, teacherAgreement, windowStarts, type BackendInfo } from '@distillery/ml';
import type { Quality } from '@distillery/schemas';
import type { MeasureResult, MeasureTask } from './protocol.js';
import type { ComputeReporter } from './reporter.js';
import { loadTextDataset, modelContext, remapText, unknownShare } from './text-data.js';
import { DATA_SPLIT_SEED } from './data-split.js';

const WARMUP_CALLS = 3;

/** The corpus's test split as [windows, context] int32 ids (non-overlapping windows, in order). */
function testWindows(ids: Int32Array, context: number): tf.Tensor2D {
  const starts = windowStarts(ids.length, context);
  const inputs = new Int32Array(starts.length * context);
  starts.forEach((start, w) => inputs.set(ids.subarray(start, start + context), w * context));
  return tf.tensor2d(inputs, [starts.length, context], 'int32');
}

/** Share of positions where two models' most likely next characters agree. */
async function tokenAgreement(model: tf.LayersModel, reference: tf.LayersModel, windows: tf.Tensor2D): Promise<number> {
  const ours = argmaxRows(await predictLogits(model, windows, 32));
  const theirs = argmaxRows(await predictLogits(reference, windows, 32));
  return teacherAgreement(ours, theirs);
}

export async function measureLanguageModel(
  task: MeasureTask,
  ctx: { resume: unknown; reporter: ComputeReporter },
  backend: BackendInfo,
  vocab: string[],
  sizeBytes: number,
): Promise<MeasureResult> {
  const total = 3;
  await ctx.reporter.progress('load data', 0, total);
  const corpus = await loadTextDataset(task.dataset, DATA_SPLIT_SEED, task.uploadsDir, 'dataset');
  // Every candidate is scored on the same characters, mapped onto the vocabulary the model was trained with.
  const text = remapText(corpus, vocab);
  const model = await loadModel(task.modelDir);
  const context = modelContext(model, task.modelDir);
  const windows = testWindows(text.test, context);
  try {
    let quality = (ctx.resume as { quality?: Quality } | undefined)?.quality;
    if (quality === undefined) {
      await ctx.reporter.progress('evaluate quality', 1, total, {
        message: `${text.test.length} characters of ${corpus.name}, ${(unknownShare(text.test) * 100).toFixed(2)}% outside the model's vocabulary`,
      });
      const metrics = await evaluateLanguageModel(model, text.test, context);
      let agreement: number | undefined;
      if (task.referenceModelDir !== null) {
        const reference = await loadModel(task.referenceModelDir);
        try {
          agreement = await tokenAgreement(model, reference, windows);
        } finally {
          reference.dispose();
        }
      }
      quality = {
        metric: 'bits-per-char',
        value: -metrics.bitsPerChar,
        bitsPerChar: metrics.bitsPerChar,
        accuracy: metrics.accuracy,
        ...(agreement === undefined ? {} : { teacherAgreement: agreement }),
      };
      await ctx.reporter.checkpoint({ quality });
    } else {
      await ctx.reporter.progress('evaluate quality', 1, total, { message: 'quality resumed from the last checkpoint' });
    }
    await ctx.reporter.progress('measure speed', 2, total, { message: `batch sizes ${task.batchSizes.join(', ')} of ${context}-character windows` });
    const count = windows.shape[0];
    const report = await measureInference(
      model,
      (batch) => tf.tidy(() => tf.gather(windows, tf.tensor1d(Array.from({ length: batch }, (_, i) => i % count), 'int32'))),
      { batchSizes: task.batchSizes, iterations: task.latencyIterations, warmup: WARMUP_CALLS },
    );
    await ctx.reporter.progress('measure speed', 3, total);
    return {
      quality,
      params: model.countParams(),
      sizeBytes,
      latencyMs: report.latencyMs,
      // One call predicts the next character at every position of every window: throughput counts tokens.
      throughputPerSec: report.throughputPerSec * context,
      throughputBatch: report.throughputBatch,
      peakMemoryBytes: report.peakMemoryBytes,
      backend: backend.name,
      hardware: backend.hardware,
      datasetHash: corpus.hash,
    };
  } finally {
    windows.dispose();
    model.dispose();
  }
}
