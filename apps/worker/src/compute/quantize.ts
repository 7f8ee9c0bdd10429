// The quantize task: one variant per scheme, plus the accuracy-aware per-layer mix calibrated on training data (classifier or LM).
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { evaluateLanguageModel, initBackend, loadDataset, loadModel, quantizeAccuracyAware, quantizeModel, type QualityFn } from '@distillery/ml';
import { JobInputError } from './failures.js';
import type { QuantizedVariant, QuantizeTask } from './protocol.js';
import type { TaskContext } from './tasks.js';
import { copyVocabulary, modelContext, readVocabulary, remapText } from './text-data.js';
import { DATA_SPLIT_SEED } from './data-split.js';

/** Calibration examples for the accuracy-aware search: enough to rank layers, few enough to stay quick. */
const CALIBRATION_EXAMPLES = 1000;
/** Calibration windows for a language model: ~16k characters at context 64, a stable bits-per-char in a second. */
const CALIBRATION_WINDOWS = 256;

/** Quality of a character model for the search: minus bits per char on the training split (higher is better). */
function languageModelQuality(ids: Int32Array, context: number): QualityFn {
  return async (candidate) => -(await evaluateLanguageModel(candidate, ids, context, { maxWindows: CALIBRATION_WINDOWS })).bitsPerChar;
}

export async function quantizeVariants(task: QuantizeTask, ctx: TaskContext): Promise<QuantizedVariant[]> {
  await initBackend(ctx.backend === null ? {} : { force: ctx.backend });
  const model = await loadModel(task.modelDir);
  const total = task.schemes.length + (task.accuracyAware ? 1 : 0);
  const variants: QuantizedVariant[] = [];
  try {
    for (const [i, scheme] of task.schemes.entries()) {
      await ctx.reporter.progress('quantize', i, total, { message: scheme });
      const written = await quantizeModel(model, path.join(task.outputRoot, scheme), { scheme });
      await copyVocabulary(task.modelDir, written.dir);
      variants.push({ label: scheme, dir: written.dir, sizeBytes: written.sizeBytes });
    }
    if (task.accuracyAware) {
      await ctx.reporter.progress('quantize', task.schemes.length, total, { message: 'accuracy-aware mix' });
      const data = await loadDataset(task.calibration, { seed: DATA_SPLIT_SEED, uploadsDir: task.uploadsDir });
      const vocab = await readVocabulary(task.modelDir);
      if (data.kind === 'text') {
        if (vocab === null) throw new JobInputError(`calibration: data set "${task.calibration.name}" is a text corpus but the model is a classifier`);
        const mixed = await quantizeAccuracyAware(model, {
          dir: path.join(task.outputRoot, 'mixed'),
          schemes: task.schemes,
          tolerance: task.tolerance,
          calibration: languageModelQuality(remapText(data, vocab).train, modelContext(model, task.modelDir)),
        });
        await copyVocabulary(task.modelDir, mixed.dir);
        variants.push({ label: 'mixed', dir: mixed.dir, sizeBytes: mixed.sizeBytes, relativeLoss: mixed.relativeLoss });
        await ctx.reporter.progress('quantize', total, total);
        return variants;
      }
      if (vocab !== null) throw new JobInputError(`calibration: data set "${task.calibration.name}" is a classification data set but the model is a character language model`);
      // The training split calibrates, so the scorecard's test-split quality is not the data the choice was tuned on.
      const count = Math.min(CALIBRATION_EXAMPLES, data.train.count);
      const rowSize = data.inputShape.reduce((a, b) => a * b, 1);
      const x = tf.tensor(data.train.x.subarray(0, count * rowSize), [count, ...data.inputShape]);
      try {
        const mixed = await quantizeAccuracyAware(model, {
          dir: path.join(task.outputRoot, 'mixed'),
          schemes: task.schemes,
          tolerance: task.tolerance,
          calibration: { x, y: data.train.y.subarray(0, count) },
        });
        variants.push({ label: 'mixed', dir: mixed.dir, sizeBytes: mixed.sizeBytes, relativeLoss: mixed.relativeLoss });
      } finally {
        x.dispose();
      }
    }
    await ctx.reporter.progress('quantize', total, total);
    return variants;
  } finally {
    model.dispose();
  }
}
