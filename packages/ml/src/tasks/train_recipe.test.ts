// Unit test of the train step: a real (tiny) training and distillation whose progress reports a recording reporter keeps.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetRef, ModelArch, TrainConfig } from '@distillery/schemas';
import { initBackend } from '../backends.js';
import type { StepReporter, TrainCheckpoint } from './reporter.js';
import { trainRecipe, type TrainRecipeInput } from './train_recipe.js';

const DATASET = DatasetRef.parse({ name: 'mnist', trainLimit: 256, testLimit: 64 });
const CONFIG = TrainConfig.parse({ batchSize: 64, maxSteps: 4, checkpointEvery: 100, seed: 3 });

let root: string;
beforeAll(async () => {
  await initBackend({ force: 'cpu' });
  root = await mkdtemp(path.join(tmpdir(), 'distillery-train-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs a train task in this process and returns the progress it reported. */
async function run(task: Omit<TrainRecipeInput, 'dataset' | 'uploadsDir' | 'config' | 'checkpointDir' | 'outputDir'>, dir: string) {
  const progress: { stage: string; step: number; total: number; loss?: number }[] = [];
  const checkpoints: TrainCheckpoint[] = [];
  const reporter: StepReporter<TrainCheckpoint> = {
    progress: async (stage, step, total, extra = {}) => {
      progress.push({ stage, step, total, ...extra });
    },
    checkpoint: async (state) => {
      checkpoints.push(state);
    },
  };
  const result = await trainRecipe(
    {
      dataset: DATASET,
      uploadsDir: path.join(root, 'uploads'),
      config: CONFIG,
      checkpointDir: path.join(root, dir, 'checkpoints'),
      outputDir: path.join(root, dir, 'model'),
      ...task,
    },
    reporter,
  );
  return { progress, checkpoints, result, outputDir: path.join(root, dir, 'model') };
}

describe('trainRecipe', () => {
  it("reports a teacher's and a distilled student's losses under the stage each task names", async () => {
    const teacher = await run({ stage: 'train teacher (mlp 16)', arch: ModelArch.parse({ family: 'mlp', hidden: [16] }), distill: null }, 'teacher');
    const student = await run(
      {
        stage: 'distill student (mlp 8)',
        arch: ModelArch.parse({ family: 'mlp', hidden: [8] }),
        distill: { teacherDir: teacher.outputDir, temperature: 2, alpha: 0.5, cacheTeacherLogits: false },
      },
      'student',
    );
    for (const [run, stage] of [
      [teacher, 'train teacher (mlp 16)'],
      [student, 'distill student (mlp 8)'],
    ] as const) {
      expect(run.result.steps).toBe(4);
      expect(run.progress.at(-1)?.step).toBe(4);
      // Every report carries the model's stage, so the job page draws each model's loss as its own line.
      expect(new Set(run.progress.map((p) => p.stage))).toEqual(new Set([stage]));
      for (const p of run.progress) expect(p.loss).toBeGreaterThan(0);
      // Ten-class cross-entropy starts near ln 10 ≈ 2.3; a few steps cannot take it anywhere near 0 or past 10.
      expect(run.progress[0]!.loss).toBeLessThan(10);
    }
  });
});
