// The quantize step: one variant per scheme, plus the accuracy-aware per-layer mix calibrated on its kind's training data.
import path from 'node:path';
import type { DatasetRef, QuantScheme } from '@distillery/schemas';
import { loadDataset } from '../data/load.js';
import { loadModel } from '../io.js';
import { quantizeAccuracyAware } from '../quantize/accuracy_aware.js';
import { quantizeModel } from '../quantize/write.js';
import { DATA_SPLIT_SEED } from './data_split.js';
import { JobInputError } from './errors.js';
import { dataLabel, kindOfModel } from './registry.js';
import type { StepReporter } from './reporter.js';

export interface QuantizeVariantsInput {
  modelDir: string;
  schemes: QuantScheme[];
  accuracyAware: boolean;
  calibration: DatasetRef;
  uploadsDir: string;
  tolerance: number;
  /** Each variant goes to `<outputRoot>/<label>`. */
  outputRoot: string;
}

export interface QuantizedVariant {
  /** The scheme, or "mixed" for the accuracy-aware choice. */
  label: string;
  dir: string;
  sizeBytes: number;
  /** For the mixed variant: calibration quality loss relative to float32. */
  relativeLoss?: number;
}

/** Quantizing is quick and writes fresh folders, so a retried attempt starts over: there is no resume state. */
export async function quantizeVariants(input: QuantizeVariantsInput, reporter: StepReporter<never>): Promise<QuantizedVariant[]> {
  const { modelDir, schemes, outputRoot } = input;
  const model = await loadModel(modelDir);
  const total = schemes.length + (input.accuracyAware ? 1 : 0);
  const variants: QuantizedVariant[] = [];
  try {
    const kind = await kindOfModel(modelDir);
    for (const [i, scheme] of schemes.entries()) {
      await reporter.progress('quantize', i, total, { message: scheme });
      const written = await quantizeModel(model, path.join(outputRoot, scheme), { scheme });
      await kind.copySidecars(modelDir, written.dir);
      variants.push({ label: scheme, dir: written.dir, sizeBytes: written.sizeBytes });
    }
    if (input.accuracyAware) {
      await reporter.progress('quantize', schemes.length, total, { message: 'accuracy-aware mix' });
      const dataset = await loadDataset(input.calibration, { seed: DATA_SPLIT_SEED, uploadsDir: input.uploadsDir, field: 'calibration' });
      if (!kind.fitsData(dataset)) {
        throw new JobInputError(`calibration: data set "${input.calibration.name}" is a ${dataLabel(dataset)} but the model is a ${kind.modelLabel}`, 'calibration');
      }
      const calibration = await kind.calibration({ model, modelDir, dataset });
      try {
        const mixed = await quantizeAccuracyAware(model, { dir: path.join(outputRoot, 'mixed'), schemes, tolerance: input.tolerance, calibration: calibration.calibration });
        await kind.copySidecars(modelDir, mixed.dir);
        variants.push({ label: 'mixed', dir: mixed.dir, sizeBytes: mixed.sizeBytes, relativeLoss: mixed.relativeLoss });
      } finally {
        calibration.dispose();
      }
    }
    await reporter.progress('quantize', total, total);
    return variants;
  } finally {
    model.dispose();
  }
}
