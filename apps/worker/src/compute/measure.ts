// The measure task: quality on the evaluation split, then latency and throughput; each phase is a checkpoint.
import * as tf from '@tensorflow/tfjs';
import { evaluateClassifier, initBackend, loadModel, measureInference, modelSizeBytes } from '@distillery/ml';
import type { Backend, Quality } from '@distillery/schemas';
import { loadEvaluationData, type EvaluationData } from './evaluation-data.js';
import { JobInputError } from './failures.js';
import type { MeasureResult, MeasureTask } from './protocol.js';
import type { ComputeReporter } from './reporter.js';
import { measureLanguageModel } from './measure-text.js';
import { readVocabulary } from './text-data.js';
import { DATA_SPLIT_SEED } from './data-split.js';

/** A measurement of a model over this many bytes would not fit the worker's memory budget. */
export const MAX_MODEL_BYTES = 2 * 1024 ** 3;
const WARMUP_CALLS = 3;

interface MeasureCheckpoint {
  quality?: Quality;
}

/** Fails early, naming both shapes, when the model cannot read the data set's examples. */
function checkInputShape(model: tf.LayersModel, data: EvaluationData, modelDir: string): void {
  const expected = model.inputs[0]?.shape.slice(1) ?? [];
  const actual = data.x.shape.slice(1);
  const fits = expected.length === actual.length && expected.every((d, i) => d === null || d === actual[i]);
  if (!fits) {
    throw new JobInputError(
      `model at ${modelDir} expects inputs of shape [${expected.join(', ')}] but data set "${data.name}" has examples of shape [${actual.join(', ')}]`,
    );
  }
}

/** `batch` examples from the evaluation split (repeated when the split is smaller): [batch, ...features]. */
function inputBatch(x: tf.Tensor, batch: number): tf.Tensor {
  const n = x.shape[0] ?? 1;
  const indices = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % n),
    'int32',
  );
  const rows = tf.gather(x, indices);
  indices.dispose();
  return rows;
}

export async function measure(
  task: MeasureTask,
  ctx: { backend: Backend | null; resume: unknown; reporter: ComputeReporter },
): Promise<MeasureResult> {
  const sizeBytes = await modelSizeBytes(task.modelDir);
  if (sizeBytes > MAX_MODEL_BYTES) {
    throw new JobInputError(`model at ${task.modelDir} is ${sizeBytes} bytes, over the ${MAX_MODEL_BYTES}-byte limit for measurement`);
  }
  const backend = await initBackend(ctx.backend === null ? {} : { force: ctx.backend });
  const vocab = await readVocabulary(task.modelDir);
  if (vocab !== null) return measureLanguageModel(task, ctx, backend, vocab, sizeBytes);
  const checkpoint = (ctx.resume ?? {}) as MeasureCheckpoint;
  const total = 3;
  await ctx.reporter.progress('load data', 0, total);
  const data = await loadEvaluationData(task.dataset, DATA_SPLIT_SEED, task.uploadsDir);
  const model = await loadModel(task.modelDir);
  try {
    checkInputShape(model, data, task.modelDir);
    let quality = checkpoint.quality;
    if (quality === undefined) {
      await ctx.reporter.progress('evaluate quality', 1, total, { message: `${data.examples} examples of ${data.name}` });
      let teacherLogits;
      if (task.referenceModelDir !== null) {
        const reference = await loadModel(task.referenceModelDir);
        try {
          teacherLogits = (await evaluateClassifier(reference, data)).logits;
        } finally {
          reference.dispose();
        }
      }
      const metrics = await evaluateClassifier(model, data, teacherLogits === undefined ? {} : { teacherLogits });
      quality = {
        metric: 'accuracy',
        value: metrics.accuracy,
        accuracy: metrics.accuracy,
        macroF1: metrics.macroF1,
        expectedCalibrationError: metrics.expectedCalibrationError,
        ...(metrics.teacherAgreement === undefined ? {} : { teacherAgreement: metrics.teacherAgreement }),
      };
      await ctx.reporter.checkpoint({ quality } satisfies MeasureCheckpoint);
    } else {
      await ctx.reporter.progress('evaluate quality', 1, total, { message: 'quality resumed from the last checkpoint' });
    }
    await ctx.reporter.progress('measure speed', 2, total, { message: `batch sizes ${task.batchSizes.join(', ')}` });
    const report = await measureInference(model, (batch) => inputBatch(data.x, batch), {
      batchSizes: task.batchSizes,
      iterations: task.latencyIterations,
      warmup: WARMUP_CALLS,
    });
    await ctx.reporter.progress('measure speed', 3, total);
    return {
      quality,
      params: model.countParams(),
      sizeBytes,
      latencyMs: report.latencyMs,
      throughputPerSec: report.throughputPerSec,
      throughputBatch: report.throughputBatch,
      peakMemoryBytes: report.peakMemoryBytes,
      backend: backend.name,
      hardware: backend.hardware,
      datasetHash: data.hash,
    };
  } finally {
    model.dispose();
    data.dispose();
  }
}
