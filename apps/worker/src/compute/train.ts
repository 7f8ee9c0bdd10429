// The train task: builds a classifier (or, via train-text, a character LM) from a recipe and trains it (supervised or distilled), checkpointing as it goes.
import * as tf from '@tensorflow/tfjs';
import {
  buildModel,
  classificationBatches,
  batchesPerEpoch,
  distillClassifier,
  initBackend,
  loadDataset,
  loadModel,
  saveModel,
  train,
  type TrainProgress,
} from '@distillery/ml';
import { JobInputError } from './failures.js';
import { trainLanguageModel } from './train-text.js';
import type { TrainTask, TrainTaskResult } from './protocol.js';
import type { TaskContext } from './tasks.js';
import { DATA_SPLIT_SEED } from './data-split.js';

export async function trainModel(task: TrainTask, ctx: TaskContext): Promise<TrainTaskResult> {
  const backend = await initBackend(ctx.backend === null ? {} : { force: ctx.backend });
  const dataset = await loadDataset(task.dataset, { seed: DATA_SPLIT_SEED, uploadsDir: task.uploadsDir });
  if (dataset.kind === 'text') return trainLanguageModel(task, ctx, dataset, backend.name);
  if (task.arch.family === 'char-transformer') {
    throw new JobInputError(`dataset: "${task.dataset.name}" is a classification data set; a char-transformer trains on a text corpus (sotu, moby-dick)`);
  }
  const inputShape = dataset.inputShape;
  const model = buildModel(task.arch, { inputShape, numClasses: dataset.numClasses }, { seed: task.config.seed });
  const onProgress = async (p: TrainProgress): Promise<void> => {
    await ctx.reporter.progress(task.stage, p.step, p.totalSteps ?? p.step, { loss: p.loss });
    // The loop writes a checkpoint every `checkpointEvery` steps into checkpointDir; say so, so the activity heartbeats it.
    if (p.step % task.config.checkpointEvery === 0) await ctx.reporter.checkpoint({ step: p.step }, task.checkpointDir);
  };
  const checkpoint = { dir: task.checkpointDir, resume: true, keep: 2 };
  let teacher: tf.LayersModel | null = null;
  try {
    let result;
    if (task.distill === null) {
      result = await train({
        model,
        batches: classificationBatches(dataset.train, { inputShape, batchSize: task.config.batchSize }),
        loss: (logits, batch) => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(batch.y, dataset.numClasses), logits),
        config: task.config,
        stepsPerEpoch: batchesPerEpoch(dataset.train.count, task.config.batchSize),
        onProgress,
        checkpoint,
      });
    } else {
      teacher = await loadModel(task.distill.teacherDir);
      result = await distillClassifier({
        teacher,
        student: model,
        data: dataset.train,
        inputShape,
        config: task.config,
        temperature: task.distill.temperature,
        alpha: task.distill.alpha,
        ...(task.distill.cacheTeacherLogits ? { cacheDir: `${task.checkpointDir}/teacher-logits` } : {}),
        onProgress,
        checkpoint,
      });
    }
    await saveModel(model, task.outputDir);
    return {
      steps: result.steps,
      finalLoss: result.finalLoss,
      resumedFromStep: result.resumedFromStep,
      params: model.countParams(),
      backend: backend.name,
    };
  } finally {
    model.dispose();
    teacher?.dispose();
  }
}
