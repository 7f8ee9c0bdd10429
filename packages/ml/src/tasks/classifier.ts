// The classifier kind: a model over feature vectors or images (mnist, bag-of-words text, feature uploads) and its labels.
import * as tf from '@tensorflow/tfjs';
import type { Quality } from '@distillery/schemas';
import type { ClassificationDataset, Dataset } from '../data/types.js';
import { distillClassifier } from '../distill/distill_classifier.js';
import { evaluateClassifier } from '../eval/evaluate.js';
import { loadModel, saveModel } from '../io.js';
import { buildModel } from '../models/build.js';
import { batchesPerEpoch, classificationBatches } from '../train/batch_sources.js';
import { train } from '../train/train.js';
import { JobInputError } from './errors.js';
import { distillLoopOptions, type Calibration, type EvaluationSession, type ModelKind, type RecipeTraining, type TrainObjective } from './model_kind.js';

/** Calibration examples for the accuracy-aware search: enough to rank layers, few enough to stay quick. */
const CALIBRATION_EXAMPLES = 1000;

function classificationOf(dataset: Dataset): ClassificationDataset {
  // Callers route by `fitsData`, so another kind's data here is a bug, not a user's mistake.
  if (dataset.kind !== 'classification') throw new Error(`classifier: data set "${dataset.name}" is not a classification data set`);
  return dataset;
}

/** Supervised cross-entropy on the labels, one epoch visiting every training example once in a seeded order. */
function labelObjective(dataset: ClassificationDataset, batchSize: number): TrainObjective {
  return {
    batches: classificationBatches(dataset.train, { inputShape: dataset.inputShape, batchSize }),
    loss: (logits, batch) => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(batch.y, dataset.numClasses), logits),
    stepsPerEpoch: batchesPerEpoch(dataset.train.count, batchSize),
  };
}

/** Fails early, naming both shapes, when the model cannot read the data set's examples. */
function checkInputShape(model: tf.LayersModel, x: tf.Tensor, name: string, modelDir: string): void {
  const expected = model.inputs[0]?.shape.slice(1) ?? [];
  const actual = x.shape.slice(1);
  const fits = expected.length === actual.length && expected.every((d, i) => d === null || d === actual[i]);
  if (!fits) {
    throw new JobInputError(
      `model at ${modelDir} expects inputs of shape [${expected.join(', ')}] but data set "${name}" has examples of shape [${actual.join(', ')}]`,
    );
  }
}

/** `batch` examples from the evaluation split (repeated when the split is smaller): [batch, ...features]. */
function inputBatch(x: tf.Tensor, batch: number): tf.Tensor {
  const n = x.shape[0] ?? 1;
  const indices = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % n),
    'int32',
  );
  const rows = tf.gather(x, indices);
  indices.dispose();
  return rows;
}

export const classifier: ModelKind = {
  name: 'classifier',
  modelLabel: 'classifier',

  fitsData: (dataset) => dataset.kind === 'classification',

  // Plain tfjs files with no other kind's sidecar: the registry asks this kind last.
  ownsModel: async () => true,

  async prepareRecipe({ dataset: data, arch, config, distill }): Promise<RecipeTraining> {
    const dataset = classificationOf(data);
    if (arch.family === 'char-transformer') {
      throw new JobInputError(`dataset: "${dataset.name}" is a classification data set; a char-transformer trains on a text corpus (sotu, moby-dick)`, 'dataset');
    }
    const { inputShape, numClasses } = dataset;
    const model = buildModel(arch, { inputShape, numClasses }, { seed: config.seed });
    let teacher: tf.LayersModel | null = null;
    return {
      model,
      async train(loop) {
        if (distill === null) {
          return train({ model, ...labelObjective(dataset, config.batchSize), config, onProgress: loop.onProgress, checkpoint: loop.checkpoint });
        }
        teacher = await loadModel(distill.teacherDir);
        return distillClassifier({
          teacher,
          student: model,
          data: dataset.train,
          inputShape,
          config,
          ...distillLoopOptions(distill, loop),
        });
      },
      save: async (dir) => {
        await saveModel(model, dir);
      },
      dispose() {
        model.dispose();
        teacher?.dispose();
      },
    };
  },

  async trainObjective({ dataset, batchSize }) {
    return labelObjective(classificationOf(dataset), batchSize);
  },

  async openEvaluation({ modelDir, dataset }): Promise<EvaluationSession> {
    if (dataset.kind !== 'classification') {
      throw new JobInputError(`data set "${dataset.name}" is a text corpus; benchmarks measure classifiers on a classification data set`);
    }
    const { test } = dataset;
    if (test.count === 0) throw new JobInputError(`data set "${dataset.name}" has an empty test split`);
    const x = tf.tensor(test.x, [test.count, ...dataset.inputShape], 'float32');
    const data = { x, y: test.y };
    const model = await loadModel(modelDir);
    const dispose = (): void => {
      model.dispose();
      x.dispose();
    };
    try {
      checkInputShape(model, x, dataset.name, modelDir);
    } catch (error) {
      dispose();
      throw error;
    }
    return {
      model,
      datasetHash: dataset.hash,
      qualityMessage: `${test.count} examples of ${dataset.name}`,
      speedMessage: (batchSizes) => `batch sizes ${batchSizes.join(', ')}`,
      predictionsPerExample: 1,
      async quality(referenceModelDir): Promise<Quality> {
        let teacherLogits;
        if (referenceModelDir !== null) {
          const reference = await loadModel(referenceModelDir);
          try {
            teacherLogits = (await evaluateClassifier(reference, data)).logits;
          } finally {
            reference.dispose();
          }
        }
        const metrics = await evaluateClassifier(model, data, teacherLogits === undefined ? {} : { teacherLogits });
        return {
          metric: 'accuracy',
          value: metrics.accuracy,
          accuracy: metrics.accuracy,
          macroF1: metrics.macroF1,
          expectedCalibrationError: metrics.expectedCalibrationError,
          ...(metrics.teacherAgreement === undefined ? {} : { teacherAgreement: metrics.teacherAgreement }),
        };
      },
      inputBatch: (batch) => inputBatch(x, batch),
      dispose,
    };
  },

  async calibration({ dataset: data }): Promise<Calibration> {
    const dataset = classificationOf(data);
    const count = Math.min(CALIBRATION_EXAMPLES, dataset.train.count);
    const rowSize = dataset.inputShape.reduce((a, b) => a * b, 1);
    const x = tf.tensor(dataset.train.x.subarray(0, count * rowSize), [count, ...dataset.inputShape]);
    return { calibration: { x, y: dataset.train.y.subarray(0, count) }, dispose: () => x.dispose() };
  },

  // A classifier is its tfjs files alone.
  copySidecars: async () => undefined,
};
