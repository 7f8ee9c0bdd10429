// The quantize task: one variant per requested scheme, and the accuracy-aware per-layer mix calibrated on training data.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, loadDataset, loadModel, quantizeAccuracyAware, quantizeModel } from '@distillery/ml';
import { JobInputError } from './failures.js';
import type { QuantizedVariant, QuantizeTask } from './protocol.js';
import type { TaskContext } from './tasks.js';

/** Calibration examples for the accuracy-aware search: enough to rank layers, few enough to stay quick. */
const CALIBRATION_EXAMPLES = 1000;

export async function quantizeVariants(task: QuantizeTask, ctx: TaskContext): Promise<QuantizedVariant[]> {
  await initBackend(ctx.backend === null ? {} : { force: ctx.backend });
  const model = await loadModel(task.modelDir);
  const total = task.schemes.length + (task.accuracyAware ? 1 : 0);
  const variants: QuantizedVariant[] = [];
  try {
    for (const [i, scheme] of task.schemes.entries()) {
      await ctx.reporter.progress('quantize', i, total, { message: scheme });
      const written = await quantizeModel(model, path.join(task.outputRoot, scheme), { scheme });
      variants.push({ label: scheme, dir: written.dir, sizeBytes: written.sizeBytes });
    }
    if (task.accuracyAware) {
      await ctx.reporter.progress('quantize', task.schemes.length, total, { message: 'accuracy-aware mix' });
      const data = await loadDataset(task.calibration, { seed: 42, uploadsDir: task.uploadsDir });
      if (data.kind !== 'classification') {
        throw new JobInputError(`calibration: data set "${task.calibration.name}" is a text corpus; accuracy-aware quantization calibrates a classifier`);
      }
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
