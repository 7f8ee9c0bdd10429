// createWorker: a Temporal worker polling one device's task queue with the job workflow and the given activities.
import { createRequire } from 'node:module';
import { Worker, type NativeConnection } from '@temporalio/worker';
import type { JobActivities } from '@distillery/workflows';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: JobActivities;
  /** A prebuilt bundle (tests build one for many workers); otherwise the workflow source is bundled at start. */
  workflowBundlePath?: string;
  identity?: string;
}

/** The module holding the workflow functions, for bundling and for replay. */
export const WORKFLOWS_PATH = createRequire(import.meta.url).resolve('@distillery/workflows/workflows');

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities,
    ...(opts.workflowBundlePath === undefined
      ? { workflowsPath: WORKFLOWS_PATH }
      : { workflowBundle: { codePath: opts.workflowBundlePath } }),
    ...(opts.identity === undefined ? {} : { identity: opts.identity }),
    // Heartbeats reach the server at least every second, so a cancel reaches running compute within about a second.
    maxHeartbeatThrottleInterval: '1s',
    defaultHeartbeatThrottleInterval: '1s',
    // If this worker dies, its cached workflows move to another worker after 3 s instead of the default 10 s.
    stickyQueueScheduleToStartTimeout: '3s',
    // Compute runs in child processes, one per activity; bookkeeping activities are quick and share these slots.
    maxConcurrentActivityTaskExecutions: 4,
    shutdownGraceTime: '5s',
  });
}
