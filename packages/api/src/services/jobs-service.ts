// Job lifecycle on the API side: submit (record, then start the workflow), cancel, retry.
import type { Job, JobSpec } from '@distillery/schemas';
import { isTerminal } from '@distillery/schemas';
import { canonicalJson, ConflictError, NotFoundError, type Store } from '@distillery/store';
import { JOB_WORKFLOW, taskQueueFor, type JobWorkflowInput } from '@distillery/workflows';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { PreconditionFailedError } from '../errors.js';
import type { TemporalGateway } from '../temporal-gateway.js';
import { jobIdFor } from './job-ids.js';

export interface JobsDeps {
  store: Store;
  temporal: TemporalGateway;
}

export async function getJobOrThrow(store: Store, id: string): Promise<Job> {
  const job = await store.getJob(id);
  if (!job) throw new NotFoundError('job', id);
  return job;
}

/**
 * Records the job, then starts its workflow (workflow id = job id). A resubmit with the same idempotency key
 * returns the existing job and starts nothing. If Temporal refuses or cannot be reached, the just-recorded job
 * is deleted so nothing is half-recorded, and the error propagates (TemporalUnavailableError → 503).
 */
export async function submitJob(
  deps: JobsDeps,
  input: { spec: JobSpec; idempotencyKey?: string | undefined; retryOf?: string | null },
): Promise<Job> {
  const { store, temporal } = deps;
  const id = jobIdFor(input.idempotencyKey);
  if (input.idempotencyKey) {
    const existing = await store.getJob(id);
    if (existing) return sameSpecOrConflict(existing, input.spec);
  }

  let job: Job;
  try {
    job = await store.createJob({
      id,
      spec: input.spec,
      idempotencyKey: input.idempotencyKey ?? null,
      retryOf: input.retryOf ?? null,
    });
  } catch (err) {
    // Two submits with one key raced; the other recorded it first.
    const existing = err instanceof ConflictError && input.idempotencyKey ? await store.getJob(id) : null;
    if (existing) return sameSpecOrConflict(existing, input.spec);
    throw err;
  }
  await store.appendEvent(id, { type: 'status', status: 'queued', message: 'submitted' });

  const workflowInput: JobWorkflowInput = { jobId: id, spec: input.spec };
  try {
    await temporal.call((client) =>
      client.workflow.start(JOB_WORKFLOW, {
        workflowId: id,
        taskQueue: taskQueueFor(input.spec.device, temporal.taskQueuePrefix),
        args: [workflowInput],
      }),
    );
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return job;
    await store.deleteJob(id);
    throw err;
  }
  return job;
}

function sameSpecOrConflict(existing: Job, spec: JobSpec): Job {
  if (canonicalJson(existing.spec) !== canonicalJson(spec)) {
    throw new ConflictError(`idempotency key already used by job ${existing.id} with a different spec`);
  }
  return existing;
}

/**
 * Requests cancellation of the job's workflow; the worker then stops and marks the job cancelled. A job still
 * queued (no worker has started it) is marked cancelled here, so it does not sit "queued" until a worker appears.
 */
export async function cancelJob(deps: JobsDeps, id: string): Promise<Job> {
  const { store, temporal } = deps;
  const job = await getJobOrThrow(store, id);
  if (isTerminal(job.status)) throw new PreconditionFailedError(`job ${id} is already ${job.status}`);

  try {
    await temporal.call((client) => client.workflow.getHandle(id).cancel());
  } catch (err) {
    // A workflow that no longer exists can only be cancelled on our side, and only if it never ran.
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }

  const now = new Date().toISOString();
  const cancelled = await store.transitionJob(id, ['queued'], { status: 'cancelled', finishedAt: now });
  if (cancelled) {
    await store.appendEvent(id, {
      type: 'status',
      status: 'cancelled',
      message: 'cancelled before a worker started it',
    });
    return cancelled;
  }
  const current = await getJobOrThrow(store, id);
  if (!isTerminal(current.status)) {
    await store.appendEvent(id, {
      type: 'log',
      message: 'cancellation requested; the worker stops at its next check',
    });
  }
  return current;
}

/** Submits the spec of a failed or cancelled job again as a new job linked by `retryOf`. */
export async function retryJob(deps: JobsDeps, id: string): Promise<Job> {
  const original = await getJobOrThrow(deps.store, id);
  if (original.status !== 'failed' && original.status !== 'cancelled') {
    throw new PreconditionFailedError(
      `only failed or cancelled jobs can be retried; job ${id} is ${original.status}`,
    );
  }
  return submitJob(deps, { spec: original.spec, retryOf: original.id });
}
