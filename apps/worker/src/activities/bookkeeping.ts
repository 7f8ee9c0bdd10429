// Job status transitions in the store: atomic and idempotent, so a retried activity records one transition and one event.
import { ApplicationFailure } from '@temporalio/common';
import type { Job, JobStatus } from '@distillery/schemas';
import type { JobPatch } from '@distillery/store';
import type { JobActivities } from '@distillery/workflows';
import type { ActivityDeps } from './deps.js';

export async function requireJob(deps: ActivityDeps, jobId: string): Promise<Job> {
  const job = await deps.store.getJob(jobId);
  if (!job) throw ApplicationFailure.nonRetryable(`job ${jobId} is not recorded in the store`, 'JobNotFound');
  return job;
}

const UNFINISHED: readonly JobStatus[] = ['queued', 'running'];

/** Moves an unfinished job to a final status and records the event; a job already final is left as it is. */
async function finish(deps: ActivityDeps, jobId: string, status: JobStatus, patch: JobPatch, message?: string): Promise<void> {
  await requireJob(deps, jobId);
  const moved = await deps.store.transitionJob(jobId, UNFINISHED, { ...patch, status, finishedAt: new Date().toISOString() });
  if (!moved) return;
  await deps.store.appendEvent(jobId, { type: 'status', status, ...(message === undefined ? {} : { message }) });
}

export function bookkeepingActivities(
  deps: ActivityDeps,
): Pick<JobActivities, 'markRunning' | 'markSucceeded' | 'markFailed' | 'markCancelled'> {
  return {
    async markRunning({ jobId }) {
      await requireJob(deps, jobId);
      const moved = await deps.store.transitionJob(jobId, ['queued'], { status: 'running', startedAt: new Date().toISOString() });
      if (moved) await deps.store.appendEvent(jobId, { type: 'status', status: 'running' });
    },
    async markSucceeded({ jobId, scorecardId, costUsd }) {
      await finish(deps, jobId, 'succeeded', { scorecardId, costUsd, error: null });
    },
    async markFailed({ jobId, message }) {
      const error = message.slice(0, 4000);
      await finish(deps, jobId, 'failed', { error }, error);
    },
    async markCancelled({ jobId }) {
      await finish(deps, jobId, 'cancelled', {}, 'cancelled on request');
    },
  };
}
