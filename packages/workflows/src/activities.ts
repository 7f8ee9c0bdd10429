// The activity contract between the job workflow and the worker: names, inputs and outputs, as types only.
import type {
  CostEstimate as PreRunEstimate,
  DatasetRef,
  JobSpec,
  ModelArch,
  ModelSource,
  Quality,
  QuantScheme,
  TrainConfig,
} from '@distillery/schemas';

/** A model that takes part in a job's scorecard, already stored as an artifact. */
export interface CandidateModel {
  modelId: string;
  name: string;
  /** Scorecard role: "baseline", "teacher", "student", "distilled", "lora-merged", "quantized". */
  role: string;
  /** Device-seconds spent producing this model inside the job (0 for a registered model). */
  trainingDeviceSeconds: number;
}

/** What one candidate measured: quality on the evaluation split and speed at each batch size. */
export interface CandidateMeasurement {
  modelId: string;
  quality: Quality;
  sizeBytes: number;
  params: number;
  latencyMs: { p50: number; p95: number; p99: number };
  throughputPerSec: number;
  throughputBatch: number;
  peakMemoryBytes?: number;
  backend: string;
  hardware: string;
  datasetHash: string;
  contentHash: string;
  wallSeconds: number;
}

export interface PrepareModelInput {
  jobId: string;
  source: ModelSource;
  /** Data used to train a recipe when the recipe names none. */
  dataset: DatasetRef;
  role: string;
  name: string;
  /** The spec field naming the source (`["models", "1"]`), for a missing model's error; absent in older histories. */
  field?: string[];
}

export interface MeasureCandidateInput {
  jobId: string;
  candidate: CandidateModel;
  /** The model whose top predictions the candidate's agreement is measured against (null for the baseline itself). */
  referenceModelId: string | null;
  dataset: DatasetRef;
  batchSizes: number[];
  latencyIterations: number;
  seed: number;
}

export interface BuildScorecardInput {
  jobId: string;
  spec: JobSpec;
  candidates: CandidateModel[];
  measurements: CandidateMeasurement[];
  /** Wall seconds per stage, as the activities measured them. */
  wallSeconds: Record<string, number>;
  estimatedCostUsd: number;
}

export interface DistillStudentInput {
  jobId: string;
  teacher: CandidateModel;
  student: ModelArch;
  dataset: DatasetRef;
  temperature: number;
  alpha: number;
  train: TrainConfig;
  cacheTeacherLogits: boolean;
}

export interface LoraFinetuneInput {
  jobId: string;
  base: CandidateModel;
  dataset: DatasetRef;
  rank: number;
  alpha: number;
  targetLayers: string[];
  train: TrainConfig;
}

export interface QuantizeModelInput {
  jobId: string;
  model: CandidateModel;
  schemes: QuantScheme[];
  accuracyAware: boolean;
  calibration: DatasetRef;
  tolerance: number;
}

export interface CostEstimate {
  estimatedDeviceSeconds: number;
  estimatedCostUsd: number;
  /** Device time the estimate itself took (it counts toward the job's measured cost). */
  wallSeconds: number;
}

/**
 * Every activity the job workflow calls. The worker's `createActivities(deps)` returns an object that
 * `satisfies JobActivities`; the workflow only sees these types.
 */
export interface JobActivities {
  /** Sets the job `running` (idempotent) and records a status event. */
  markRunning(input: { jobId: string }): Promise<void>;
  markSucceeded(input: { jobId: string; scorecardId: string; costUsd: number }): Promise<void>;
  markFailed(input: { jobId: string; message: string }): Promise<void>;
  markCancelled(input: { jobId: string }): Promise<void>;
  /** Checks the spec against what the store and the ML library can do and estimates the job's cost before it runs. */
  estimateCost(input: { jobId: string; spec: JobSpec }): Promise<CostEstimate>;
  /**
   * The same estimate for a spec that is not a job yet (the estimate workflow, before a user submits): records
   * nothing, and also returns the FLOPs, backend and measured rate the figure rests on.
   */
  estimateSpec(input: { spec: JobSpec }): Promise<PreRunEstimate>;
  /** Resolves a model source to a stored model: a registered id is checked, a recipe is trained first. */
  prepareModel(input: PrepareModelInput): Promise<CandidateModel>;
  /** Trains a student against a teacher's softened outputs; returns the distilled student. */
  distillStudent(input: DistillStudentInput): Promise<CandidateModel>;
  /** Trains a LoRA adapter on a base model; returns the merged model (the adapter is stored as its parent's child). */
  loraFinetune(input: LoraFinetuneInput): Promise<CandidateModel>;
  /** Writes one quantized variant per scheme (or one mixed, accuracy-aware variant). */
  quantizeModel(input: QuantizeModelInput): Promise<CandidateModel[]>;
  /** Measures quality, latency and throughput of one stored model. */
  measureCandidate(input: MeasureCandidateInput): Promise<CandidateMeasurement>;
  /** Builds and stores the scorecard; returns its id and the job's measured cost. */
  buildScorecard(input: BuildScorecardInput): Promise<{ scorecardId: string; costUsd: number; headline: string }>;
}

export type JobActivityName = keyof JobActivities;
