// Messages between an activity and the child process that does its heavy compute (JSON over Node's IPC channel).
import type { Backend, DatasetRef, JobSpec, ModelArch, Quality, QuantScheme, TrainConfig } from '@distillery/schemas';

export interface MeasureTask {
  kind: 'measure';
  modelDir: string;
  /** Model whose top predictions agreement is measured against; null for the baseline. */
  referenceModelDir: string | null;
  dataset: DatasetRef;
  /** Where `upload:<id>` data sets live. */
  uploadsDir: string;
  batchSizes: number[];
  latencyIterations: number;
  seed: number;
}

export interface EstimateTask {
  kind: 'estimate';
  spec: JobSpec;
  /** Folders of the registered models the spec names, by artifact id. */
  modelDirs: Record<string, string>;
  uploadsDir: string;
}

/** Trains a classifier from a recipe: on the labels alone, or distilled from a teacher's softened outputs. */
export interface TrainTask {
  kind: 'train';
  /** The stage its progress reports carry; it names the model, so a job training several draws a loss curve for each. */
  stage: string;
  arch: ModelArch;
  dataset: DatasetRef;
  uploadsDir: string;
  config: TrainConfig;
  distill: { teacherDir: string; temperature: number; alpha: number; cacheTeacherLogits: boolean } | null;
  /** Durable per job step: a retried attempt resumes from the newest checkpoint here. */
  checkpointDir: string;
  /** Where the trained model is saved (standard tfjs files) for the activity to import. */
  outputDir: string;
}

export interface TrainTaskResult {
  steps: number;
  finalLoss: number;
  resumedFromStep: number | null;
  params: number;
  backend: Backend;
}

/** Writes quantized variants of a model: one per scheme, plus an accuracy-aware mixed one when asked. */
export interface QuantizeTask {
  kind: 'quantize';
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

/** Trains LoRA adapters on a base classifier, then writes the adapter alone and the merged model. */
export interface LoraTask {
  kind: 'lora';
  baseDir: string;
  dataset: DatasetRef;
  uploadsDir: string;
  rank: number;
  alpha: number;
  targetLayers: string[];
  config: TrainConfig;
  checkpointDir: string;
  adapterDir: string;
  mergedDir: string;
}

export interface LoraTaskResult {
  steps: number;
  finalLoss: number;
  resumedFromStep: number | null;
  trainableParams: number;
  params: number;
  backend: Backend;
}

export type ComputeTask = MeasureTask | EstimateTask | TrainTask | QuantizeTask | LoraTask;

/** What measure returns: the checkpointable phases are `quality` then `speed`. */
export interface MeasureResult {
  quality: Quality;
  params: number;
  sizeBytes: number;
  latencyMs: { p50: number; p95: number; p99: number };
  throughputPerSec: number;
  throughputBatch: number;
  peakMemoryBytes: number;
  backend: Backend;
  hardware: string;
  datasetHash: string;
}

export interface EstimateResult {
  estimatedDeviceSeconds: number;
  /** What the figure rests on, shown to a user before they submit. */
  flops: number;
  backend: Backend;
  hardware: string;
  measuredGflops: number;
  overheadSeconds: number;
  computeSteps: number;
}

export type ParentMessage = { type: 'run'; task: ComputeTask; backend: Backend | null; resume: unknown };

export type ChildMessage =
  | { type: 'progress'; stage: string; step: number; total: number; loss?: number; message?: string }
  /** State a retried attempt resumes from; the activity heartbeats it. */
  | { type: 'checkpoint'; state: unknown; artifactPath?: string }
  | { type: 'result'; value: unknown }
  | { type: 'error'; message: string; errorType: string; nonRetryable: boolean };
