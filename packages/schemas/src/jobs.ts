// Job specs (one discriminated union on `kind`), jobs, statuses and progress events.
import { z } from 'zod';
import { ArtifactId, Device, IsoTime, JobId, Name, ScorecardId } from './common.js';
import { DatasetRef } from './datasets.js';
import { ModelArch, ModelSource } from './models.js';
import { TrainConfig } from './training.js';

export const QUANT_SCHEMES = ['float16', 'uint16', 'uint8', 'int8-per-channel'] as const;
export const QuantScheme = z.enum(QUANT_SCHEMES);
export type QuantScheme = z.infer<typeof QuantScheme>;

/** Quality budget: how much worse than the baseline a candidate may be, as a fraction (0.01 = 1%). */
export const QualityBudget = z.object({
  maxRelativeDrop: z.number().min(0).max(1).default(0.01),
});

const common = {
  name: Name.optional(),
  /** Which task queue runs the job; the scorecard prices it at that device's rate. */
  device: Device.default('cpu'),
};

export const DistillSpec = z.object({
  kind: z.literal('distill'),
  ...common,
  teacher: ModelSource,
  student: ModelArch,
  dataset: DatasetRef,
  temperature: z.number().min(1).max(100).default(4),
  alpha: z.number().min(0).max(1).default(0.9),
  train: TrainConfig,
  /** Cache teacher logits to disk once instead of recomputing them every epoch. */
  cacheTeacherLogits: z.boolean().default(true),
  qualityBudget: QualityBudget.optional(),
});

export const LoraSpec = z.object({
  kind: z.literal('lora'),
  ...common,
  base: ModelSource,
  dataset: DatasetRef,
  rank: z.number().int().min(1).max(256).default(8),
  alpha: z.number().min(0.01).max(1024).default(16),
  /** Layer names to adapt; empty means every dense kernel and attention projection. */
  targetLayers: z.array(z.string().min(1).max(128)).max(256).default([]),
  train: TrainConfig,
});

export const QuantizeSpec = z.object({
  kind: z.literal('quantize'),
  ...common,
  model: ModelSource,
  schemes: z.array(QuantScheme).min(1).max(QUANT_SCHEMES.length).default(['uint8', 'int8-per-channel']),
  /** Accuracy-aware mode: choose per layer the most aggressive scheme that keeps quality within tolerance. */
  accuracyAware: z.boolean().default(true),
  calibration: DatasetRef,
  tolerance: z.number().min(0).max(1).default(0.01),
});

export const BenchmarkSpec = z.object({
  kind: z.literal('benchmark'),
  ...common,
  models: z.array(ModelSource).min(1).max(16),
  dataset: DatasetRef,
  batchSizes: z.array(z.number().int().min(1).max(8192)).min(1).max(8).default([1, 64]),
  /** Overrides the price table's rate for this job's device. */
  pricePerHourUsd: z.number().min(0).max(10_000).optional(),
  latencyIterations: z.number().int().min(5).max(10_000).default(50),
});

/** A recipe chaining the other kinds: teacher → distilled student → optional LoRA → quantized variants → benchmark. */
export const PipelineSpec = z.object({
  kind: z.literal('pipeline'),
  ...common,
  dataset: DatasetRef,
  teacher: ModelSource,
  student: z.object({
    arch: ModelArch,
    train: TrainConfig,
    temperature: z.number().min(1).max(100).default(4),
    alpha: z.number().min(0).max(1).default(0.9),
  }),
  lora: z
    .object({
      dataset: DatasetRef,
      rank: z.number().int().min(1).max(256).default(8),
      alpha: z.number().min(0.01).max(1024).default(16),
      train: TrainConfig,
    })
    .optional(),
  quantize: z
    .object({
      schemes: z.array(QuantScheme).min(1).max(QUANT_SCHEMES.length).default(['float16', 'uint8', 'int8-per-channel']),
      tolerance: z.number().min(0).max(1).default(0.01),
    })
    .optional(),
  qualityBudget: QualityBudget.default({ maxRelativeDrop: 0.01 }),
});

export const JobSpec = z.discriminatedUnion('kind', [DistillSpec, LoraSpec, QuantizeSpec, BenchmarkSpec, PipelineSpec]);
export type JobSpec = z.infer<typeof JobSpec>;
export type JobSpecInput = z.input<typeof JobSpec>;
export type JobKind = JobSpec['kind'];
export const JOB_KINDS = ['distill', 'lora', 'quantize', 'benchmark', 'pipeline'] as const satisfies readonly JobKind[];
export const JobKindSchema = z.enum(JOB_KINDS);

export type DistillSpec = z.infer<typeof DistillSpec>;
export type LoraSpec = z.infer<typeof LoraSpec>;
export type QuantizeSpec = z.infer<typeof QuantizeSpec>;
export type BenchmarkSpec = z.infer<typeof BenchmarkSpec>;
export type PipelineSpec = z.infer<typeof PipelineSpec>;

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JobStatus = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatus>;
export const TERMINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];
export const isTerminal = (s: JobStatus): boolean => TERMINAL_STATUSES.includes(s);

export const JobProgress = z.object({
  step: z.number().int().min(0),
  total: z.number().int().min(0),
  /** Name of the current stage, e.g. "train teacher", "quantize". */
  stage: z.string().max(120).optional(),
  loss: z.number().optional(),
  samplesPerSec: z.number().min(0).optional(),
  etaSeconds: z.number().min(0).optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const Job = z.object({
  id: JobId,
  kind: JobKindSchema,
  name: z.string().max(120),
  spec: JobSpec,
  status: JobStatus,
  device: Device,
  progress: JobProgress.nullable(),
  error: z.string().max(4000).nullable(),
  /** The job this one retries, if any. */
  retryOf: JobId.nullable(),
  idempotencyKey: z.string().max(200).nullable(),
  scorecardId: ScorecardId.nullable(),
  /** Money spent so far, computed from device-seconds and the price table. */
  costUsd: z.number().min(0).nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  startedAt: IsoTime.nullable(),
  finishedAt: IsoTime.nullable(),
});
export type Job = z.infer<typeof Job>;

export const JOB_EVENT_TYPES = ['status', 'progress', 'log', 'metric', 'artifact'] as const;
export const JobEvent = z.object({
  jobId: JobId,
  /** Monotonic per job; clients resume a stream from the last seq they saw. */
  seq: z.number().int().min(0),
  type: z.enum(JOB_EVENT_TYPES),
  time: IsoTime,
  status: JobStatus.optional(),
  stage: z.string().max(120).optional(),
  step: z.number().int().min(0).optional(),
  total: z.number().int().min(0).optional(),
  loss: z.number().optional(),
  metrics: z.record(z.string().max(64), z.number()).optional(),
  artifactId: ArtifactId.optional(),
  message: z.string().max(4000).optional(),
});
export type JobEvent = z.infer<typeof JobEvent>;
/** What an activity reports; the store assigns jobId, seq and time. */
export type JobEventInput = Omit<JobEvent, 'jobId' | 'seq' | 'time'> & { time?: string };

export const SubmitJobInput = z.object({
  spec: JobSpec,
  /** A repeated submit with the same key returns the same job and never starts a second run. */
  idempotencyKey: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9._:-]+$/, 'must use letters, digits, ".", "_", ":" or "-"')
    .optional(),
});
export type SubmitJobInput = z.infer<typeof SubmitJobInput>;

export const ListJobsInput = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).nullish(),
  status: JobStatus.optional(),
  kind: JobKindSchema.optional(),
});
export type ListJobsInput = z.infer<typeof ListJobsInput>;

export const JobIdInput = z.object({ id: JobId });
export const JobEventsInput = z.object({
  id: JobId,
  afterSeq: z.number().int().min(-1).default(-1),
  /** Set by tRPC's SSE link when it reconnects: the seq (as text) of the last event the client saw. */
  lastEventId: z.string().regex(/^\d{1,12}$/).nullish(),
});
