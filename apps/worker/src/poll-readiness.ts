// waitUntilPolled: asks the Temporal server whether this worker's polls have reached its task queue — the check the API
// makes (DescribeTaskQueue pollers) before it accepts an estimate — so "polling" is only announced once it is true.
import { setTimeout as sleep } from 'node:timers/promises';
import type { NativeConnection } from '@temporalio/worker';

export interface PollReadinessOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** The worker's identity: pollers left on the queue by an earlier worker process do not count. */
  identity: string;
  /** Give up after this long (ms). */
  timeoutMs?: number;
  /** Time between two questions to the server (ms). */
  intervalMs?: number;
  /** Aborting stops the wait quietly (the worker stopped before it polled). */
  signal?: AbortSignal;
}

// 1 = TASK_QUEUE_TYPE_WORKFLOW, 2 = TASK_QUEUE_TYPE_ACTIVITY: an estimate needs a workflow task and then an activity.
const TASK_QUEUE_TYPES = [1, 2] as const;

/** True once the server lists `identity` among the recent pollers of both the workflow and the activity queue. */
async function isPolled(opts: PollReadinessOptions): Promise<boolean> {
  for (const taskQueueType of TASK_QUEUE_TYPES) {
    const answer = await opts.connection.workflowService.describeTaskQueue({
      namespace: opts.namespace,
      taskQueue: { name: opts.taskQueue },
      taskQueueType,
    });
    if (!(answer.pollers ?? []).some((poller) => poller.identity === opts.identity)) return false;
  }
  return true;
}

/**
 * Resolves true once the server sees this worker polling, false if `signal` aborted first; throws when `timeoutMs`
 * passes without that.
 */
export async function waitUntilPolled(opts: PollReadinessOptions): Promise<boolean> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const intervalMs = opts.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  while (opts.signal?.aborted !== true) {
    if (await isPolled(opts)) return true;
    if (Date.now() >= deadline) {
      throw new Error(
        `the Temporal server does not list worker ${opts.identity} as a poller of task queue ${opts.taskQueue} after ${timeoutMs / 1000} s`,
      );
    }
    try {
      await sleep(intervalMs, undefined, opts.signal ? { signal: opts.signal } : {});
    } catch {
      // Aborted while sleeping: the loop condition ends the wait.
    }
  }
  return false;
}
