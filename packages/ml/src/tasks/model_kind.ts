// What every model kind provides, so that job steps (train, measure, LoRA, quantize) run any kind without branching on it.
import type * as tf from '@tensorflow/tfjs';
import type { ModelArch, Quality, TrainConfig } from '@distillery/schemas';
import type { Dataset } from '../data/types.js';
import type { AccuracyAwareOptions } from '../quantize/accuracy_aware.js';
import type { TrainOptions, TrainResult } from '../train/train.js';

/** Distilling from a saved teacher: its softened outputs are the student's targets. */
export interface DistillFrom {
  teacherDir: string;
  temperature: number;
  alpha: number;
  cacheTeacherLogits: boolean;
}

export interface RecipeInput {
  /** Already claimed by this kind (`fitsData`). */
  dataset: Dataset;
  arch: ModelArch;
  config: TrainConfig;
  distill: DistillFrom | null;
}

/** The loop settings a job step owns: where checkpoints go and who hears of progress. */
export interface LoopSettings {
  onProgress: NonNullable<TrainOptions['onProgress']>;
  checkpoint: NonNullable<TrainOptions['checkpoint']>;
  /** Where a distillation caches its teacher's logits, when the spec asks for the cache. */
  teacherCacheDir?: string;
}

/** The settings every kind's distillation loop takes from the spec and the job step alike. */
export function distillLoopOptions(distill: DistillFrom, loop: LoopSettings) {
  return {
    temperature: distill.temperature,
    alpha: distill.alpha,
    ...(loop.teacherCacheDir === undefined ? {} : { cacheDir: loop.teacherCacheDir }),
    onProgress: loop.onProgress,
    checkpoint: loop.checkpoint,
  };
}

/** A recipe ready to train: the freshly built model, and how this kind trains (supervised or distilled) and saves it. */
export interface RecipeTraining {
  model: tf.LayersModel;
  /** For kinds with a vocabulary, distilled: the share of the training data outside the teacher's vocabulary. */
  outOfVocabularyShare?: number;
  train(loop: LoopSettings): Promise<Pick<TrainResult, 'steps' | 'finalLoss' | 'resumedFromStep'>>;
  /** Writes the standard tfjs files and this kind's sidecars. */
  save(dir: string): Promise<void>;
  dispose(): void;
}

/** The supervised objective on a data set, for a model that already exists (LoRA trains its adapters on it). */
export interface TrainObjective extends Required<Pick<TrainOptions, 'batches' | 'loss' | 'stepsPerEpoch'>> {
  /** For kinds with a vocabulary: the share of the training data outside it (reported, so a poor fit is visible). */
  outOfVocabularyShare?: number;
}

/** A saved model opened on its evaluation split, for the measure step. */
export interface EvaluationSession {
  model: tf.LayersModel;
  datasetHash: string;
  /** What quality is measured on, for the progress line ("64 examples of mnist"). */
  qualityMessage: string;
  speedMessage(batchSizes: readonly number[]): string;
  /** Predictions one example yields: a character model predicts the next character at every position of a window. */
  predictionsPerExample: number;
  /** Quality on the evaluation split; with a reference model, also how often the two agree. */
  quality(referenceModelDir: string | null): Promise<Quality>;
  /** `batch` evaluation examples (repeated when the split is smaller) as one model input. */
  inputBatch(batch: number): tf.Tensor;
  dispose(): void;
}

/** What the accuracy-aware quantization search ranks candidates on, and the tensors to free after. */
export interface Calibration {
  calibration: AccuracyAwareOptions['calibration'];
  dispose(): void;
}

export interface ModelKind {
  readonly name: string;
  /** What a user calls a model of this kind in messages: "classifier", "character language model". */
  readonly modelLabel: string;
  /** Whether this kind trains and is evaluated on this data set (`kindForData`). */
  fitsData(dataset: Dataset): boolean;
  /** Whether the model saved in `modelDir` is of this kind, from its sidecar files (`kindOfModel`). */
  ownsModel(modelDir: string): Promise<boolean>;
  /** Builds a model of `arch` for the data set and says how to train it; fails naming the spec field when they do not fit. */
  prepareRecipe(input: RecipeInput): Promise<RecipeTraining>;
  trainObjective(input: { model: tf.LayersModel; modelDir: string; dataset: Dataset; batchSize: number }): Promise<TrainObjective>;
  /** Loads the model in `modelDir` and the test split of `dataset`; fails clearly when the data does not fit the model. */
  openEvaluation(input: { modelDir: string; dataset: Dataset }): Promise<EvaluationSession>;
  /** Calibration data from the training split, so the scorecard's test-split quality is not what the choice was tuned on. */
  calibration(input: { model: tf.LayersModel; modelDir: string; dataset: Dataset }): Promise<Calibration>;
  /** Copies this kind's sidecar files to a model derived from the one in `fromDir` (quantized variants, merged LoRA). */
  copySidecars(fromDir: string, toDir: string): Promise<void>;
}
