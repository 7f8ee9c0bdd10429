// A character language model end to end through the kind-generic steps: trained, saved with its vocabulary, measured.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetRef, failureDetailsOf, ModelArch, TrainConfig } from '@distillery/schemas';
import { initBackend } from '../backends.js';
import { expectClose } from '../testing/expect_close.js';
import { measureModel, type MeasureCheckpoint } from './measure_model.js';
import { quantizeVariants } from './quantize_variants.js';
import { charLanguageModel } from './char_language_model.js';
import { kindOfModel } from './registry.js';
import type { StepReporter } from './reporter.js';
import { trainRecipe } from './train_recipe.js';
import { readVocabulary } from './vocabulary.js';

const SOTU = DatasetRef.parse({ name: 'sotu', trainLimit: 4000, testLimit: 1000 });
const ARCH = ModelArch.parse({ family: 'char-transformer', layers: 1, dModel: 16, heads: 2, context: 16 });
const CONFIG = TrainConfig.parse({ batchSize: 16, maxSteps: 2, checkpointEvery: 100, seed: 5 });

const quiet = <S>(): StepReporter<S> & { checkpoints: S[] } => {
  const checkpoints: S[] = [];
  return { checkpoints, progress: async () => undefined, checkpoint: async (state) => void checkpoints.push(state) };
};

let root: string;
let modelDir: string;
beforeAll(async () => {
  await initBackend({ force: 'cpu' });
  root = await mkdtemp(path.join(tmpdir(), 'distillery-char-lm-test-'));
  modelDir = path.join(root, 'model');
  await trainRecipe(
    { stage: 'train', arch: ARCH, dataset: SOTU, uploadsDir: root, config: CONFIG, distill: null, checkpointDir: path.join(root, 'checkpoints'), outputDir: modelDir },
    quiet(),
  );
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('character language model', () => {
  it('is saved with its vocabulary, so later steps know its kind', async () => {
    expect(await kindOfModel(modelDir)).toBe(charLanguageModel);
    const vocab = await readVocabulary(modelDir);
    expect(vocab?.[0]).toBe('\uFFFD');
    expect(new Set(vocab).size).toBe(vocab?.length);
  });

  it('after two steps predicts close to uniformly: bits per char near log2(vocabulary), quality kept as the checkpoint', async () => {
    const reporter = quiet<MeasureCheckpoint>();
    const before = tf.memory().numTensors;
    const m = await measureModel(
      { modelDir, referenceModelDir: modelDir, dataset: SOTU, uploadsDir: root, batchSizes: [2], latencyIterations: 1 },
      reporter,
      undefined,
    );
    const vocabSize = (await readVocabulary(modelDir))?.length ?? 0;
    expect(m.quality.metric).toBe('bits-per-char');
    expectClose(m.quality.value, -(m.quality.bitsPerChar ?? 0), 1e-12);
    expect(Math.abs((m.quality.bitsPerChar ?? 0) - Math.log2(vocabSize))).toBeLessThan(1);
    // Against itself, every next-character guess agrees.
    expectClose(m.quality.teacherAgreement ?? 0, 1, 1e-12);
    expect(reporter.checkpoints).toEqual([{ quality: m.quality }]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses to calibrate on a classification data set, naming the spec field', async () => {
    const run = quantizeVariants(
      { modelDir, schemes: ['uint8'], accuracyAware: true, calibration: DatasetRef.parse({ name: 'mnist', trainLimit: 64, testLimit: 16 }), uploadsDir: root, tolerance: 0.01, outputRoot: path.join(root, 'quantized') },
      quiet(),
    );
    const error = await run.catch((e: unknown) => e);
    expect((error as Error).message).toBe('calibration: data set "mnist" is a classification data set but the model is a character language model');
    expect(failureDetailsOf(error)).toEqual({ kind: 'invalid-input', field: ['calibration'] });
  });
});
