// The train step: a model built from a recipe and trained on its data set (supervised, or distilled from a teacher), whatever its kind.
import type { DatasetRef, ModelArch, TrainConfig } from '@distillery/schemas';
import { loadDataset } from '../data/load.js';
import { DATA_SPLIT_SEED } from './data_split.js';
import type { DistillFrom } from './model_kind.js';
import { kindForData } from './registry.js';
import { trainingProgress, type StepReporter, type TrainCheckpoint } from './reporter.js';

export interface TrainRecipeInput {
  /** The stage its progress reports carry; it names the model, so a job training several draws a loss curve for each. */
  stage: string;
  arch: ModelArch;
  dataset: DatasetRef;
  /** Where `upload:<id>` data sets live. */
  uploadsDir: string;
  config: TrainConfig;
  distill: DistillFrom | null;
  /** Durable per job step: a retried attempt resumes from the newest checkpoint here. */
  checkpointDir: string;
  /** Where the trained model is saved (standard tfjs files and its kind's sidecars). */
  outputDir: string;
}

export interface TrainRecipeResult {
  steps: number;
  finalLoss: number;
  resumedFromStep: number | null;
  params: number;
}

export async function trainRecipe(input: TrainRecipeInput, reporter: StepReporter<TrainCheckpoint>): Promise<TrainRecipeResult> {
  const { stage, config, distill, checkpointDir } = input;
  const dataset = await loadDataset(input.dataset, { seed: DATA_SPLIT_SEED, uploadsDir: input.uploadsDir, field: 'dataset' });
  const recipe = await kindForData(dataset).prepareRecipe({ dataset, arch: input.arch, config, distill });
  try {
    if (recipe.outOfVocabularyShare !== undefined) {
      await reporter.progress(stage, 0, 0, {
        message: `${(recipe.outOfVocabularyShare * 100).toFixed(2)}% of the training characters are outside the teacher's vocabulary`,
      });
    }
    const result = await recipe.train({
      onProgress: trainingProgress(reporter, stage, checkpointDir),
      checkpoint: { dir: checkpointDir, resume: true, keep: 2 },
      ...(distill?.cacheTeacherLogits ? { teacherCacheDir: `${checkpointDir}/teacher-logits` } : {}),
    });
    await recipe.save(input.outputDir);
    return { steps: result.steps, finalLoss: result.finalLoss, resumedFromStep: result.resumedFromStep, params: recipe.model.countParams() };
  } finally {
    recipe.dispose();
  }
}
