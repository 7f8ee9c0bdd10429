// The pre-run cost estimate of a job spec: device time and money, with the measured rate and backend it rests on.
import { z } from 'zod';
import { Backend, Device } from './common.js';
import { JobSpec } from './jobs.js';

/** Input of `jobs.estimate`: the spec a user is about to submit. */
export const EstimateJobInput = z.object({ spec: JobSpec });
export type EstimateJobInput = z.infer<typeof EstimateJobInput>;

export const CostEstimate = z.object({
  /** Device-seconds the whole job should take: FLOPs over the measured rate, plus each compute step's start-up. */
  seconds: z.number().min(0),
  /** seconds × the device's price per hour / 3600. */
  costUsd: z.number().min(0),
  device: Device,
  pricePerHourUsd: z.number().min(0),
  /** Where the price comes from (the price table's citation, or the spec's own override). */
  priceSource: z.string(),
  /** Analytic FLOPs of every training and measuring step the job will run. */
  flops: z.number().min(0),
  /** The backend the estimating worker's compute loaded, and its hardware. */
  backend: Backend,
  hardware: z.string(),
  /** That backend's measured matmul rate, the figure FLOPs are divided by. */
  measuredGflops: z.number().positive(),
  /** Part of `seconds` that is process start-up rather than compute: the overhead of one step times the steps. */
  overheadSeconds: z.number().min(0),
  computeSteps: z.number().int().min(1),
  /** Wall seconds the worker spent producing this estimate. */
  estimatedInSeconds: z.number().min(0),
});
export type CostEstimate = z.infer<typeof CostEstimate>;
