// Our side of the training bench: the product's training loop (`train`) on MNIST batches, timed after a warm-up.
import * as tf from '@tensorflow/tfjs';
import type { ModelArch } from '@distillery/schemas';
import { buildModel, classificationBatches, flopsPerSample, train, TRAINING_FLOPS_MULTIPLIER, type ClassificationDataset } from '@distillery/ml';

export const MLP_ARCH: ModelArch = { family: 'mlp', hidden: [800, 800], dropout: 0, activation: 'relu' };
export const MLP_DIMS = { inputShape: [784], numClasses: 10 };

export function buildBenchMlp(seed: number): tf.LayersModel {
  return buildModel(MLP_ARCH, MLP_DIMS, { seed });
}

/** Training FLOPs of one step of the bench MLP: 3 × analytic forward FLOPs × batch. */
export function mlpTrainingFlopsPerStep(batch: number): number {
  return TRAINING_FLOPS_MULTIPLIER * flopsPerSample(MLP_ARCH, MLP_DIMS) * batch;
}

/**
 * Continues training `model` for `warmup + steps` Adam steps at `batch` and times the last `steps`
 * (each step of the loop waits for its loss value, so the time is the real work).
 */
export async function timeOurSteps(
  model: tf.LayersModel,
  data: ClassificationDataset,
  opts: { steps: number; warmup: number; batch: number; seed: number },
): Promise<{ stepsPerSec: number; finalLoss: number }> {
  let timedFrom = 0;
  let timedTo = 0;
  let finalLoss = Number.NaN;
  await train({
    model,
    batches: classificationBatches(data.train, { inputShape: MLP_DIMS.inputShape, batchSize: opts.batch, dropRemainder: true }),
    loss: (logits, batch) => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(batch.y, 10), logits),
    config: {
      epochs: 200,
      batchSize: opts.batch,
      learningRate: 1e-3,
      optimizer: 'adam',
      weightDecay: 0,
      seed: opts.seed,
      maxSteps: opts.warmup + opts.steps,
      checkpointEvery: 1_000_000,
    },
    onProgress: (p) => {
      if (p.step === opts.warmup) timedFrom = performance.now();
      if (p.step === opts.warmup + opts.steps) {
        timedTo = performance.now();
        finalLoss = p.loss;
      }
    },
  });
  return { stepsPerSec: opts.steps / ((timedTo - timedFrom) / 1000), finalLoss };
}
