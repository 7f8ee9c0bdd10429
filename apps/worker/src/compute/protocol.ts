// Messages between an activity and the child process that does its heavy compute (JSON over Node's IPC channel), typed by task kind.
import type {
  initBackend,
  LoraFinetuneInput,
  LoraFinetuneResult,
  MeasureCheckpoint,
  MeasureModelInput,
  ModelMeasurement,
  QuantizedVariant,
  QuantizeVariantsInput,
  TrainCheckpoint,
  TrainRecipeInput,
  TrainRecipeResult,
} from '@distillery/ml';
import type { Backend, FailureDetails, JobSpec } from '@distillery/schemas';

export type { QuantizedVariant } from '@distillery/ml';

export interface MeasureTask extends MeasureModelInput {
  kind: 'measure';
  seed: number;
}

export interface EstimateTask {
  kind: 'estimate';
  spec: JobSpec;
  /** Folders of the registered models the spec names, by artifact id. */
  modelDirs: Record<string, string>;
  uploadsDir: string;
}

/** Trains a model from a recipe: on the labels alone, or distilled from a teacher's softened outputs. */
export interface TrainTask extends TrainRecipeInput {
  kind: 'train';
}

/** Writes quantized variants of a model: one per scheme, plus an accuracy-aware mixed one when asked. */
export interface QuantizeTask extends QuantizeVariantsInput {
  kind: 'quantize';
}

/** Trains LoRA adapters on a base model, then writes the adapter alone and the merged model. */
export interface LoraTask extends LoraFinetuneInput {
  kind: 'lora';
}

/** Every result names the backend that produced it. */
export interface TrainTaskResult extends TrainRecipeResult {
  backend: Backend;
}

export interface LoraTaskResult extends LoraFinetuneResult {
  backend: Backend;
}

export interface MeasureResult extends ModelMeasurement {
  backend: Backend;
  hardware: string;
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

/** Each kind of task: what the activity asks, what the child answers, and what a retried attempt resumes from. */
interface TaskTypes {
  measure: { request: MeasureTask; result: MeasureResult; resume: MeasureCheckpoint };
  estimate: { request: EstimateTask; result: EstimateResult; resume: never };
  train: { request: TrainTask; result: TrainTaskResult; resume: TrainCheckpoint };
  quantize: { request: QuantizeTask; result: QuantizedVariant[]; resume: never };
  lora: { request: LoraTask; result: LoraTaskResult; resume: TrainCheckpoint };
}

export type TaskKind = keyof TaskTypes;
/** A task request; `TaskRequest<'train'>` is the train task alone. */
export type TaskRequest<K extends TaskKind = TaskKind> = TaskTypes[K]['request'];
export type TaskResult<K extends TaskKind> = TaskTypes[K]['result'];
/** The state a task checkpoints and a retried attempt receives back (`never` for tasks that start over). */
export type TaskResume<K extends TaskKind> = TaskTypes[K]['resume'];

/** What the child initialises tfjs with: the options of `initBackend`, chosen by the worker's settings. */
export type BackendRequest = Parameters<typeof initBackend>[0];

export interface ParentMessage<K extends TaskKind = TaskKind> {
  type: 'run';
  task: TaskRequest<K>;
  backend: BackendRequest;
  resume: TaskResume<K> | null;
}

/** How a failed task travels: its message, the error's name, and the failure contract's details when it has them. */
export interface TaskFailure {
  message: string;
  errorType: string;
  /** Present for a failure a retry cannot fix; absent for a transient one (it stays retryable). */
  details: FailureDetails | null;
}

export type ChildMessage<K extends TaskKind = TaskKind> =
  | { type: 'progress'; stage: string; step: number; total: number; loss?: number; message?: string }
  /** State a retried attempt resumes from; the activity heartbeats it. */
  | { type: 'checkpoint'; state: TaskResume<K>; artifactPath?: string }
  | { type: 'result'; value: TaskResult<K> }
  | ({ type: 'error' } & TaskFailure);
