// Scorecards: every candidate against the baseline on quality, size, speed and money, with provenance.
import { z } from 'zod';
import { ArtifactId, Backend, Device, IsoTime, JobId, ScorecardId, Seed } from './common.js';
import { JobSpec } from './jobs.js';
import { PriceTable } from './pricing.js';

export const SCORECARD_SCHEMA_VERSION = 1 as const;

export const Quality = z.object({
  /** The task metric: accuracy for classification, negative bits per character for language models (higher is better). */
  metric: z.enum(['accuracy', 'bits-per-char']),
  value: z.number(),
  accuracy: z.number().min(0).max(1).optional(),
  macroF1: z.number().min(0).max(1).optional(),
  bitsPerChar: z.number().min(0).optional(),
  /** Share of examples where the candidate's top prediction equals the teacher's. */
  teacherAgreement: z.number().min(0).max(1).optional(),
  expectedCalibrationError: z.number().min(0).max(1).optional(),
});
export type Quality = z.infer<typeof Quality>;

export const Candidate = z.object({
  modelId: ArtifactId,
  name: z.string().max(200),
  role: z.string().max(64),
  quality: Quality,
  sizeBytes: z.number().int().min(0),
  params: z.number().int().min(0),
  latencyMs: z.object({ p50: z.number().min(0), p95: z.number().min(0), p99: z.number().min(0) }),
  throughputPerSec: z.number().min(0),
  throughputBatch: z.number().int().min(1),
  peakMemoryBytes: z.number().int().min(0).optional(),
  trainingDeviceSeconds: z.number().min(0),
  trainingCostUsd: z.number().min(0),
  /** USD to serve one million samples (or tokens for language models) at the measured throughput. */
  inferenceCostPerMillionUsd: z.number().min(0),
  vsBaseline: z.object({
    qualityDelta: z.number(),
    /** "5.2× cheaper to serve" is costRatio = 5.2. */
    inferenceCostRatio: z.number().min(0),
    sizeRatio: z.number().min(0),
    headline: z.string().max(300),
  }),
});
export type Candidate = z.infer<typeof Candidate>;

export const Provenance = z.object({
  spec: JobSpec,
  datasetHash: z.string().max(128),
  modelHashes: z.record(z.string().max(80), z.string().max(128)),
  codeVersion: z.string().max(80),
  backend: Backend,
  device: Device,
  hardware: z.string().max(300),
  seed: Seed,
  priceTable: PriceTable,
  wallSeconds: z.record(z.string().max(80), z.number().min(0)),
  estimatedCostUsd: z.number().min(0),
  measuredCostUsd: z.number().min(0),
});

export const ScorecardBody = z.object({
  schemaVersion: z.literal(SCORECARD_SCHEMA_VERSION),
  jobId: JobId,
  title: z.string().max(200),
  createdAt: IsoTime,
  baselineId: ArtifactId,
  candidates: z.array(Candidate).min(1).max(64),
  /** Candidates on the Pareto frontier of quality against inference cost. */
  paretoFrontier: z.array(ArtifactId).max(64),
  verdict: z.object({
    maxRelativeDrop: z.number().min(0).max(1),
    bestCandidateId: ArtifactId.nullable(),
    withinBudget: z.boolean(),
    summary: z.string().max(500),
  }),
  headline: z.string().max(300),
  provenance: Provenance,
});
export type ScorecardBody = z.infer<typeof ScorecardBody>;

export const Scorecard = ScorecardBody.extend({
  /** Content hash of the body: a published scorecard never changes. */
  id: ScorecardId,
  published: z.boolean(),
  publishedAt: IsoTime.nullable(),
});
export type Scorecard = z.infer<typeof Scorecard>;

export const ScorecardIdInput = z.object({ id: ScorecardId });
export const ListScorecardsInput = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).nullish(),
  publishedOnly: z.boolean().default(false),
});
