// Names shared by the API (which starts workflows) and the worker (which runs them). No workflow code here.
import type { Device, JobSpec } from '@distillery/schemas';

export type * from './activities.js';
export * from './plan.js';

/** Workflow type that runs every job kind; its workflow id is the job id. */
export const JOB_WORKFLOW = 'jobWorkflow';

export interface JobWorkflowInput {
  jobId: string;
  spec: JobSpec;
  /**
   * How long a compute activity may go without a heartbeat before Temporal retries it elsewhere (default 20).
   * Compute heartbeats every second, so tests use a few seconds to recover quickly from a killed worker.
   */
  heartbeatTimeoutSeconds?: number;
}

export interface JobWorkflowResult {
  jobId: string;
  status: 'succeeded';
  scorecardId: string;
  headline: string;
}

/** Query name answering the workflow's current stage. */
export const STAGE_QUERY = 'stage';

/** The error type a failed job's workflow ends with (its message is the job's error). */
export const JOB_FAILED_ERROR_TYPE = 'JobFailed';

export const DEFAULT_TASK_QUEUE_PREFIX = 'distillery';

/** CPU and GPU jobs go to separate task queues so GPU workers only take GPU work. */
export function taskQueueFor(device: Device, prefix: string = DEFAULT_TASK_QUEUE_PREFIX): string {
  return `${prefix}-${device}`;
}

/** Workflow type that estimates a spec's cost before it is submitted; it records nothing and returns a CostEstimate. */
export const ESTIMATE_WORKFLOW = 'estimateWorkflow';

export interface EstimateWorkflowInput {
  spec: JobSpec;
}

/** How long the estimate activity may run on a worker: the API waits a little longer than this for the answer. */
export const ESTIMATE_ACTIVITY_TIMEOUT_SECONDS = 12;
