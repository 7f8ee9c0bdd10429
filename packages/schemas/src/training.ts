// Optimiser and schedule settings shared by every training step.
import { z } from 'zod';
import { Seed } from './common.js';

export const TrainConfig = z.object({
  epochs: z.number().int().min(1).max(200).default(1),
  batchSize: z.number().int().min(1).max(8192).default(128),
  learningRate: z.number().gt(0).max(1).default(1e-3),
  optimizer: z.enum(['adam', 'adamw', 'sgd']).default('adam'),
  weightDecay: z.number().min(0).max(1).default(0),
  seed: Seed.default(42),
  /** Stop after this many optimiser steps even if epochs remain (useful for quick runs). */
  maxSteps: z.number().int().min(1).max(10_000_000).optional(),
  /**
   * Write a checkpoint every N steps; a retried attempt resumes from the last one. Unset: every 10% of the stage's
   * planned steps or every 30 s of compute, whichever comes first, so a crash redoes at most one interval.
   */
  checkpointEvery: z.number().int().min(1).max(1_000_000).optional(),
});
export type TrainConfig = z.infer<typeof TrainConfig>;
