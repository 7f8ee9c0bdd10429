// Names shared by the API (which starts workflows) and the worker (which runs them). No workflow code here.
import type { Device, JobSpec } from '@distillery/schemas';

/** Workflow type that runs every job kind; its workflow id is the job id. */
export const JOB_WORKFLOW = 'jobWorkflow';

export interface JobWorkflowInput {
  jobId: string;
  spec: JobSpec;
}

/** Query name answering the workflow's current stage. */
export const STAGE_QUERY = 'stage';

export const DEFAULT_TASK_QUEUE_PREFIX = 'distillery';

/** CPU and GPU jobs go to separate task queues so GPU workers only take GPU work. */
export function taskQueueFor(device: Device, prefix: string = DEFAULT_TASK_QUEUE_PREFIX): string {
  return `${prefix}-${device}`;
}
