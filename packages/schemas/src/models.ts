// Model architectures and where a model comes from (a registered artifact or a recipe trained first).
import { z } from 'zod';
import { ArtifactId } from './common.js';
import { DatasetRef } from './datasets.js';
import { TrainConfig } from './training.js';

const width = z.number().int().min(1).max(8192);

export const MlpArch = z.object({
  family: z.literal('mlp'),
  hidden: z.array(width).min(0).max(8).default([800, 800]),
  dropout: z.number().min(0).max(0.9).default(0),
  activation: z.enum(['relu', 'gelu', 'tanh']).default('relu'),
});

export const CnnArch = z.object({
  family: z.literal('cnn'),
  filters: z.array(z.number().int().min(1).max(512)).min(1).max(4).default([32, 64]),
  kernelSize: z.number().int().min(1).max(7).default(3),
  dense: z.number().int().min(1).max(4096).default(128),
  dropout: z.number().min(0).max(0.9).default(0),
});

export const CharTransformerArch = z.object({
  family: z.literal('char-transformer'),
  layers: z.number().int().min(1).max(24).default(4),
  dModel: z.number().int().min(8).max(2048).default(256),
  heads: z.number().int().min(1).max(32).default(4),
  context: z.number().int().min(8).max(2048).default(128),
  dropout: z.number().min(0).max(0.9).default(0),
});

export const ModelArch = z
  .discriminatedUnion('family', [MlpArch, CnnArch, CharTransformerArch])
  .refine((a) => a.family !== 'char-transformer' || a.dModel % a.heads === 0, {
    message: 'dModel must be divisible by heads',
    path: ['dModel'],
  });
export type ModelArch = z.infer<typeof ModelArch>;
export type ModelFamily = ModelArch['family'];

/** A model a job starts from: one already in the registry, or a recipe trained as the job's first step. */
export const ModelSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('registered'), modelId: ArtifactId }),
  z.object({
    type: z.literal('recipe'),
    arch: ModelArch,
    train: TrainConfig,
    dataset: DatasetRef.optional(),
  }),
]);
export type ModelSource = z.infer<typeof ModelSource>;
