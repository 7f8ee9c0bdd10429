// Runs a compute task for an activity: heartbeats every second, records progress events, resumes from the last checkpoint.
import { hostname } from 'node:os';
import { Context } from '@temporalio/activity';
import type { Store } from '@distillery/store';
import type { BackendRequest, TaskKind, TaskRequest, TaskResult, TaskResume } from './protocol.js';
import { runInChild } from './run-in-child.js';

/** What an attempt heartbeats, and so what a retried attempt starts from. */
export interface ComputeHeartbeat<K extends TaskKind = TaskKind> {
  /** The task's own resume state (for training: the last checkpoint's step; for measuring: the quality measured). */
  checkpoint: TaskResume<K> | null;
  checkpointPath: string | null;
  progress: { stage: string; step: number; total: number; loss?: number } | null;
  /** Wall seconds spent by previous attempts, so the job's cost counts the work a crash threw away. */
  spentSeconds: number;
}

const HEARTBEAT_EVERY_MS = 1000;
/** Progress events are rate-limited so a fast loop does not flood the store; stage changes always get through. */
const PROGRESS_EVENT_EVERY_MS = 500;

export interface ComputeOutcome<T> {
  value: T;
  /** Wall seconds of every attempt of this step, this one included. */
  wallSeconds: number;
  resumed: boolean;
}

export async function runComputeActivity<T extends TaskRequest>(
  deps: { store: Store; backend: BackendRequest; onChildStart?: (pid: number) => void },
  jobId: string,
  task: T,
): Promise<ComputeOutcome<TaskResult<T['kind']>>> {
  const ctx = Context.current();
  // Heartbeats of this activity are the ones `beat` below wrote, for this same task.
  const previous = ctx.info.heartbeatDetails as ComputeHeartbeat<T['kind']> | undefined;
  const state: ComputeHeartbeat<T['kind']> = {
    checkpoint: previous?.checkpoint ?? null,
    checkpointPath: previous?.checkpointPath ?? null,
    progress: previous?.progress ?? null,
    spentSeconds: previous?.spentSeconds ?? 0,
  };
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const beat = (): void => ctx.heartbeat({ ...state, spentSeconds: state.spentSeconds + elapsed() });

  // Store writes are chained so events keep their order; a failed write is logged, never fatal to the compute.
  let writes: Promise<unknown> = Promise.resolve();
  const write = (fn: () => Promise<unknown>): void => {
    writes = writes.then(fn).catch((err: unknown) => {
      ctx.log.warn('could not record progress', { jobId, error: String(err) });
    });
  };
  const resumed = previous !== undefined;
  if (resumed) {
    write(() =>
      deps.store.appendEvent(jobId, {
        type: 'log',
        message: `attempt ${ctx.info.attempt} of ${ctx.info.activityType} resumes ${state.checkpoint === null ? 'from the start' : 'from its last checkpoint'}`,
      }),
    );
  }
  let lastEventAt = 0;
  let lastStage = '';

  beat();
  const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
  try {
    const value = await runInChild(task, {
      backend: deps.backend,
      resume: state.checkpoint ?? undefined,
      signal: ctx.cancellationSignal,
      onStart: (pid) => {
        deps.onChildStart?.(pid);
        // The pid lets an operator (and the cancel test) check that a cancelled step's process is really gone.
        write(() => deps.store.appendEvent(jobId, { type: 'log', message: `compute process ${pid} on ${hostname()} runs ${task.kind}` }));
      },
      onProgress: (p) => {
        state.progress = { stage: p.stage, step: p.step, total: p.total, ...(p.loss === undefined ? {} : { loss: p.loss }) };
        beat();
        const now = performance.now();
        if (p.stage === lastStage && p.step !== p.total && now - lastEventAt < PROGRESS_EVENT_EVERY_MS) return;
        lastStage = p.stage;
        lastEventAt = now;
        const progress = state.progress;
        write(async () => {
          await deps.store.updateJob(jobId, { progress });
          await deps.store.appendEvent(jobId, {
            type: 'progress',
            stage: p.stage.slice(0, 120),
            step: p.step,
            total: p.total,
            ...(p.loss === undefined ? {} : { loss: p.loss }),
            ...(p.message === undefined ? {} : { message: p.message }),
          });
        });
      },
      onCheckpoint: (c) => {
        state.checkpoint = c.state;
        if (c.artifactPath !== undefined) state.checkpointPath = c.artifactPath;
        beat();
      },
    });
    return { value, wallSeconds: state.spentSeconds + elapsed(), resumed };
  } finally {
    clearInterval(timer);
    await writes;
  }
}
