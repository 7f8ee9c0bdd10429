// Registry entries: models, adapters, checkpoints and their lineage.
import { z } from 'zod';
import { ArtifactId, Backend, IsoTime, JobId, Sha256 } from './common.js';

export const ARTIFACT_KINDS = ['model', 'adapter', 'checkpoint', 'teacher-logits', 'dataset'] as const;
export const ArtifactKind = z.enum(ARTIFACT_KINDS);
export type ArtifactKind = z.infer<typeof ArtifactKind>;

export const ModelRole = z.enum(['teacher', 'student', 'distilled', 'lora-merged', 'quantized', 'baseline']);
export type ModelRole = z.infer<typeof ModelRole>;

export const Artifact = z.object({
  id: ArtifactId,
  kind: ArtifactKind,
  name: z.string().max(200),
  jobId: JobId.nullable(),
  /** Lineage: the artifacts this one was made from (teacher → student → adapter → quantized). */
  parentIds: z.array(ArtifactId).max(16),
  role: ModelRole.nullable(),
  family: z.string().max(64).nullable(),
  /** e.g. "uint8", "int8-per-channel", "mixed"; null for float32. */
  quantization: z.string().max(64).nullable(),
  params: z.number().int().min(0).nullable(),
  sizeBytes: z.number().int().min(0),
  contentHash: Sha256,
  backend: Backend.nullable(),
  metrics: z.record(z.string().max(64), z.number()).default({}),
  createdAt: IsoTime,
});
export type Artifact = z.infer<typeof Artifact>;

export const ListModelsInput = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).nullish(),
  jobId: JobId.optional(),
});
export const ModelIdInput = z.object({ id: ArtifactId });
