// The LoRA task: adapters on a frozen base classifier, trained with the shared loop, saved alone and merged.
import * as tf from '@tensorflow/tfjs';
import {
  applyLora,
  batchesPerEpoch,
  classificationBatches,
  initBackend,
  loadDataset,
  loadModel,
  mergeLora,
  saveAdapter,
  saveModel,
  train,
  trainableParamCount,
  type TrainProgress,
} from '@distillery/ml';
import { JobInputError } from './failures.js';
import type { LoraTask, LoraTaskResult } from './protocol.js';
import type { TaskContext } from './tasks.js';

export async function loraFinetune(task: LoraTask, ctx: TaskContext): Promise<LoraTaskResult> {
  const backend = await initBackend(ctx.backend === null ? {} : { force: ctx.backend });
  const dataset = await loadDataset(task.dataset, { seed: task.config.seed, uploadsDir: task.uploadsDir });
  if (dataset.kind !== 'classification') {
    throw new JobInputError(`data set "${task.dataset.name}" is a text corpus; this worker adapts classifiers on classification data sets`);
  }
  const base = await loadModel(task.baseDir);
  const adapted = await applyLora(base, {
    rank: task.rank,
    alpha: task.alpha,
    ...(task.targetLayers.length === 0 ? {} : { targetLayers: task.targetLayers }),
    seed: task.config.seed,
  });
  let merged: tf.LayersModel | null = null;
  try {
    const onProgress = async (p: TrainProgress): Promise<void> => {
      await ctx.reporter.progress('lora', p.step, p.totalSteps ?? p.step, { loss: p.loss });
      if (p.step % task.config.checkpointEvery === 0) await ctx.reporter.checkpoint({ step: p.step }, task.checkpointDir);
    };
    const result = await train({
      model: adapted,
      batches: classificationBatches(dataset.train, { inputShape: dataset.inputShape, batchSize: task.config.batchSize }),
      loss: (logits, batch) => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(batch.y, dataset.numClasses), logits),
      config: task.config,
      stepsPerEpoch: batchesPerEpoch(dataset.train.count, task.config.batchSize),
      onProgress,
      checkpoint: { dir: task.checkpointDir, resume: true, keep: 2 },
    });
    await saveAdapter(adapted, task.adapterDir);
    merged = await mergeLora(adapted);
    await saveModel(merged, task.mergedDir);
    return {
      steps: result.steps,
      finalLoss: result.finalLoss,
      resumedFromStep: result.resumedFromStep,
      trainableParams: trainableParamCount(adapted),
      params: merged.countParams(),
      backend: backend.name,
    };
  } finally {
    base.dispose();
    adapted.dispose();
    merged?.dispose();
  }
}
