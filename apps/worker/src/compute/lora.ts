// The LoRA task: adapters on a frozen base model (classifier or character LM), trained with the shared loop, saved alone and merged.
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
  type TrainOptions,
  type TrainProgress,
} from '@distillery/ml';
import { JobInputError } from './failures.js';
import type { LoraTask, LoraTaskResult } from './protocol.js';
import type { TaskContext } from './tasks.js';
import { copyVocabulary, modelContext, readVocabulary, remapText, textWindowBatches, tokenCrossEntropy, unknownShare } from './text-data.js';
import { DATA_SPLIT_SEED } from './data-split.js';

export async function loraFinetune(task: LoraTask, ctx: TaskContext): Promise<LoraTaskResult> {
  const backend = await initBackend(ctx.backend === null ? {} : { force: ctx.backend });
  const dataset = await loadDataset(task.dataset, { seed: DATA_SPLIT_SEED, uploadsDir: task.uploadsDir });
  const vocab = await readVocabulary(task.baseDir);
  if ((dataset.kind === 'text') !== (vocab !== null)) {
    throw new JobInputError(
      vocab === null
        ? `dataset: "${task.dataset.name}" is a text corpus but the base model is a classifier`
        : `dataset: "${task.dataset.name}" is a classification data set but the base model is a character language model`,
    );
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
    let objective: Pick<TrainOptions, 'batches' | 'loss' | 'stepsPerEpoch'>;
    if (dataset.kind === 'text' && vocab !== null) {
      // The target corpus has its own vocabulary; the base model only knows the one it was trained with.
      const text = remapText(dataset, vocab);
      const windows = textWindowBatches(text.train, modelContext(base, task.baseDir), task.config.batchSize);
      await ctx.reporter.progress('lora', 0, 0, {
        message: `${(unknownShare(text.train) * 100).toFixed(2)}% of ${task.dataset.name}'s characters are outside the base model's vocabulary`,
      });
      objective = { batches: windows.source, loss: tokenCrossEntropy(vocab.length), stepsPerEpoch: windows.stepsPerEpoch };
    } else if (dataset.kind === 'classification') {
      objective = {
        batches: classificationBatches(dataset.train, { inputShape: dataset.inputShape, batchSize: task.config.batchSize }),
        loss: (logits, batch) => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(batch.y, dataset.numClasses), logits),
        stepsPerEpoch: batchesPerEpoch(dataset.train.count, task.config.batchSize),
      };
    } else {
      throw new JobInputError(`dataset: "${task.dataset.name}" does not fit the base model`);
    }
    const result = await train({
      model: adapted,
      ...objective,
      config: task.config,
      onProgress,
      checkpoint: { dir: task.checkpointDir, resume: true, keep: 2 },
    });
    await saveAdapter(adapted, task.adapterDir);
    merged = await mergeLora(adapted);
    await saveModel(merged, task.mergedDir);
    await copyVocabulary(task.baseDir, task.mergedDir);
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
