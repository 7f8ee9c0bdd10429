// The LoRA step: adapters on a frozen base model of any kind, trained on its kind's objective, saved alone and merged.
import type * as tf from '@tensorflow/tfjs';
import type { DatasetRef, TrainConfig } from '@distillery/schemas';
import { loadDataset } from '../data/load.js';
import { loadModel, saveModel } from '../io.js';
import { saveAdapter } from '../lora/adapter_io.js';
import { applyLora, trainableParamCount } from '../lora/apply_lora.js';
import { mergeLora } from '../lora/merge_lora.js';
import { train } from '../train/train.js';
import { DATA_SPLIT_SEED } from './data_split.js';
import { JobInputError } from './errors.js';
import { dataLabel, kindOfModel } from './registry.js';
import { trainingProgress, type StepReporter, type TrainCheckpoint } from './reporter.js';

export interface LoraFinetuneInput {
  baseDir: string;
  dataset: DatasetRef;
  uploadsDir: string;
  rank: number;
  alpha: number;
  /** Dense layers to adapt; empty for every one. */
  targetLayers: string[];
  config: TrainConfig;
  checkpointDir: string;
  adapterDir: string;
  mergedDir: string;
}

export interface LoraFinetuneResult {
  steps: number;
  finalLoss: number;
  resumedFromStep: number | null;
  trainableParams: number;
  params: number;
}

export async function loraFinetune(input: LoraFinetuneInput, reporter: StepReporter<TrainCheckpoint>): Promise<LoraFinetuneResult> {
  const { baseDir, config } = input;
  const dataset = await loadDataset(input.dataset, { seed: DATA_SPLIT_SEED, uploadsDir: input.uploadsDir, field: 'dataset' });
  const kind = await kindOfModel(baseDir);
  if (!kind.fitsData(dataset)) {
    throw new JobInputError(`dataset: "${input.dataset.name}" is a ${dataLabel(dataset)} but the base model is a ${kind.modelLabel}`, 'dataset');
  }
  const base = await loadModel(baseDir);
  const adapted = await applyLora(base, {
    rank: input.rank,
    alpha: input.alpha,
    ...(input.targetLayers.length === 0 ? {} : { targetLayers: input.targetLayers }),
    seed: config.seed,
  });
  let merged: tf.LayersModel | null = null;
  try {
    const { outOfVocabularyShare, ...objective } = await kind.trainObjective({ model: base, modelDir: baseDir, dataset, batchSize: config.batchSize });
    if (outOfVocabularyShare !== undefined) {
      await reporter.progress('lora', 0, 0, {
        message: `${(outOfVocabularyShare * 100).toFixed(2)}% of ${input.dataset.name}'s characters are outside the base model's vocabulary`,
      });
    }
    const result = await train({
      model: adapted,
      ...objective,
      config,
      onProgress: trainingProgress(reporter, 'lora', input.checkpointDir),
      checkpoint: { dir: input.checkpointDir, resume: true, keep: 2 },
    });
    await saveAdapter(adapted, input.adapterDir);
    merged = await mergeLora(adapted);
    await saveModel(merged, input.mergedDir);
    await kind.copySidecars(baseDir, input.mergedDir);
    return {
      steps: result.steps,
      finalLoss: result.finalLoss,
      resumedFromStep: result.resumedFromStep,
      trainableParams: trainableParamCount(adapted),
      params: merged.countParams(),
    };
  } finally {
    base.dispose();
    adapted.dispose();
    merged?.dispose();
  }
}
