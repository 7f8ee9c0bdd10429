// The measure step: quality on the evaluation split, then latency and throughput; quality is a checkpoint a retry keeps.
import type { DatasetRef, Quality } from '@distillery/schemas';
import { measureInference } from '../bench/inference.js';
import { loadDataset } from '../data/load.js';
import { modelSizeBytes } from '../io.js';
import { DATA_SPLIT_SEED } from './data_split.js';
import { ModelTooLargeError } from './errors.js';
import { kindOfModel } from './registry.js';
import type { StepReporter } from './reporter.js';

/** A measurement of a model over this many bytes would not fit the worker's memory budget. */
export const MAX_MEASURED_MODEL_BYTES = 2 * 1024 ** 3;
const WARMUP_CALLS = 3;

export interface MeasureModelInput {
  modelDir: string;
  /** Model whose top predictions agreement is measured against; null for the baseline. */
  referenceModelDir: string | null;
  dataset: DatasetRef;
  /** Where `upload:<id>` data sets live. */
  uploadsDir: string;
  batchSizes: number[];
  latencyIterations: number;
}

/** The measure step's resume state: the phases are `quality` then `speed`, and quality is kept once measured. */
export interface MeasureCheckpoint {
  quality?: Quality;
}

export interface ModelMeasurement {
  quality: Quality;
  params: number;
  sizeBytes: number;
  latencyMs: { p50: number; p95: number; p99: number };
  throughputPerSec: number;
  throughputBatch: number;
  peakMemoryBytes: number;
  datasetHash: string;
}

export async function measureModel(
  input: MeasureModelInput,
  reporter: StepReporter<MeasureCheckpoint>,
  resume: MeasureCheckpoint | undefined,
): Promise<ModelMeasurement> {
  const { modelDir, batchSizes } = input;
  const sizeBytes = await modelSizeBytes(modelDir);
  if (sizeBytes > MAX_MEASURED_MODEL_BYTES) throw new ModelTooLargeError(modelDir, sizeBytes, MAX_MEASURED_MODEL_BYTES);
  const kind = await kindOfModel(modelDir);
  const total = 3;
  await reporter.progress('load data', 0, total);
  const dataset = await loadDataset(input.dataset, { seed: DATA_SPLIT_SEED, uploadsDir: input.uploadsDir, field: 'dataset' });
  const session = await kind.openEvaluation({ modelDir, dataset });
  try {
    let quality = resume?.quality;
    if (quality === undefined) {
      await reporter.progress('evaluate quality', 1, total, { message: session.qualityMessage });
      quality = await session.quality(input.referenceModelDir);
      await reporter.checkpoint({ quality });
    } else {
      await reporter.progress('evaluate quality', 1, total, { message: 'quality resumed from the last checkpoint' });
    }
    await reporter.progress('measure speed', 2, total, { message: session.speedMessage(batchSizes) });
    const report = await measureInference(session.model, (batch) => session.inputBatch(batch), {
      batchSizes,
      iterations: input.latencyIterations,
      warmup: WARMUP_CALLS,
    });
    await reporter.progress('measure speed', 3, total);
    return {
      quality,
      params: session.model.countParams(),
      sizeBytes,
      latencyMs: report.latencyMs,
      // Throughput counts predictions: a character model predicts every position of every window in one call.
      throughputPerSec: report.throughputPerSec * session.predictionsPerExample,
      throughputBatch: report.throughputBatch,
      peakMemoryBytes: report.peakMemoryBytes,
      datasetHash: session.datasetHash,
    };
  } finally {
    session.dispose();
  }
}
