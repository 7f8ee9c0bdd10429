// The character language model kind: a char-transformer over a text corpus, saved with the vocabulary it was trained with.
import * as tf from '@tensorflow/tfjs';
import type { Quality } from '@distillery/schemas';
import type { Dataset, TextDataset } from '../data/types.js';
import { distillLanguageModel } from '../distill/distill_language_model.js';
import { evaluateLanguageModel } from '../eval/evaluate.js';
import { argmaxRows, teacherAgreement } from '../eval/metrics.js';
import { predictLogits } from '../eval/predict.js';
import { loadModel, saveModel } from '../io.js';
import { buildModel } from '../models/build.js';
import type { QualityFn } from '../quantize/accuracy_aware.js';
import { train } from '../train/train.js';
import { contextOf, modelContext, remapText, testWindows, textWindowBatches, tokenCrossEntropy, unknownShare } from './char_windows.js';
import { JobInputError } from './errors.js';
import { distillLoopOptions, type EvaluationSession, type ModelKind, type RecipeTraining } from './model_kind.js';
import { copyVocabulary, readVocabulary, writeVocabulary } from './vocabulary.js';

/** Calibration windows for a language model: ~16k characters at context 64, a stable bits-per-char in a second. */
const CALIBRATION_WINDOWS = 256;

function textOf(dataset: Dataset): TextDataset {
  // Callers route by `fitsData`, so another kind's data here is a bug, not a user's mistake.
  if (dataset.kind !== 'text') throw new Error(`character language model: data set "${dataset.name}" is not a text corpus`);
  return dataset;
}

/** The vocabulary of a model this kind owns (`ownsModel` found it). */
async function vocabularyOf(modelDir: string): Promise<string[]> {
  const vocab = await readVocabulary(modelDir);
  if (vocab === null) throw new Error(`character language model: ${modelDir} has no vocabulary`);
  return vocab;
}

/** Share of positions where two models' most likely next characters agree. */
async function tokenAgreement(model: tf.LayersModel, reference: tf.LayersModel, windows: tf.Tensor2D): Promise<number> {
  const ours = argmaxRows(await predictLogits(model, windows, 32));
  const theirs = argmaxRows(await predictLogits(reference, windows, 32));
  return teacherAgreement(ours, theirs);
}

/** Quality of a character model for the quantization search: minus bits per char on the training split (higher is better). */
function languageModelQuality(ids: Int32Array, context: number): QualityFn {
  return async (candidate) => -(await evaluateLanguageModel(candidate, ids, context, { maxWindows: CALIBRATION_WINDOWS })).bitsPerChar;
}

export const charLanguageModel: ModelKind = {
  name: 'char-language-model',
  modelLabel: 'character language model',

  fitsData: (dataset) => dataset.kind === 'text',

  ownsModel: async (modelDir) => (await readVocabulary(modelDir)) !== null,

  async prepareRecipe({ dataset, arch, config, distill }): Promise<RecipeTraining> {
    const corpus = textOf(dataset);
    const context = contextOf(arch, distill === null ? 'arch' : 'student');
    let teacher: tf.LayersModel | null = null;
    let data = corpus;
    if (distill !== null) {
      // The student must speak the teacher's vocabulary: its per-token targets are the teacher's logits over it.
      const vocab = await readVocabulary(distill.teacherDir);
      if (vocab === null) throw new JobInputError('teacher: the teacher has no character vocabulary, so it is not a character language model', 'teacher');
      data = remapText(corpus, vocab);
      teacher = await loadModel(distill.teacherDir);
      const teacherContext = teacher.inputs[0]?.shape[1];
      if (typeof teacherContext === 'number' && teacherContext < context) {
        teacher.dispose();
        throw new JobInputError(`student.context: ${context} is longer than the teacher's context ${teacherContext}`, 'student.context');
      }
    }
    const vocabSize = data.vocab.length;
    const model = buildModel(arch, { inputShape: [context], vocabSize }, { seed: config.seed });
    return {
      model,
      ...(distill === null ? {} : { outOfVocabularyShare: unknownShare(data.train) }),
      async train(loop) {
        if (teacher === null || distill === null) {
          const batches = textWindowBatches(data.train, context, config.batchSize);
          return train({
            model,
            batches: batches.source,
            loss: tokenCrossEntropy(vocabSize),
            config,
            stepsPerEpoch: batches.stepsPerEpoch,
            onProgress: loop.onProgress,
            checkpoint: loop.checkpoint,
          });
        }
        return distillLanguageModel({
          teacher,
          student: model,
          tokens: data.train,
          context,
          config,
          ...distillLoopOptions(distill, loop),
        });
      },
      async save(dir) {
        await saveModel(model, dir);
        await writeVocabulary(dir, data.vocab);
      },
      dispose() {
        model.dispose();
        teacher?.dispose();
      },
    };
  },

  async trainObjective({ model, modelDir, dataset, batchSize }) {
    const vocab = await vocabularyOf(modelDir);
    // The target corpus has its own vocabulary; the model only knows the one it was trained with.
    const text = remapText(textOf(dataset), vocab);
    const windows = textWindowBatches(text.train, modelContext(model, modelDir), batchSize);
    return {
      batches: windows.source,
      loss: tokenCrossEntropy(vocab.length),
      stepsPerEpoch: windows.stepsPerEpoch,
      outOfVocabularyShare: unknownShare(text.train),
    };
  },

  async openEvaluation({ modelDir, dataset }): Promise<EvaluationSession> {
    const vocab = await vocabularyOf(modelDir);
    if (dataset.kind !== 'text') {
      throw new JobInputError(`dataset: data set "${dataset.name}" is a classification data set, but the model is a character language model`, 'dataset');
    }
    // Every candidate is scored on the same characters, mapped onto the vocabulary the model was trained with.
    const text = remapText(dataset, vocab);
    const model = await loadModel(modelDir);
    const context = modelContext(model, modelDir);
    const windows = testWindows(text.test, context);
    const count = windows.shape[0];
    return {
      model,
      datasetHash: dataset.hash,
      qualityMessage: `${text.test.length} characters of ${dataset.name}, ${(unknownShare(text.test) * 100).toFixed(2)}% outside the model's vocabulary`,
      speedMessage: (batchSizes) => `batch sizes ${batchSizes.join(', ')} of ${context}-character windows`,
      predictionsPerExample: context,
      async quality(referenceModelDir): Promise<Quality> {
        const metrics = await evaluateLanguageModel(model, text.test, context);
        let agreement: number | undefined;
        if (referenceModelDir !== null) {
          const reference = await loadModel(referenceModelDir);
          try {
            agreement = await tokenAgreement(model, reference, windows);
          } finally {
            reference.dispose();
          }
        }
        return {
          metric: 'bits-per-char',
          value: -metrics.bitsPerChar,
          bitsPerChar: metrics.bitsPerChar,
          accuracy: metrics.accuracy,
          ...(agreement === undefined ? {} : { teacherAgreement: agreement }),
        };
      },
      inputBatch: (batch) => tf.tidy(() => tf.gather(windows, tf.tensor1d(Array.from({ length: batch }, (_, i) => i % count), 'int32'))),
      dispose() {
        windows.dispose();
        model.dispose();
      },
    };
  },

  async calibration({ model, modelDir, dataset }) {
    const vocab = await vocabularyOf(modelDir);
    return { calibration: languageModelQuality(remapText(textOf(dataset), vocab).train, modelContext(model, modelDir)), dispose: () => undefined };
  },

  copySidecars: copyVocabulary,
};
