// Runs one compute task in a child Node process, so tfjs never blocks the worker's event loop and a cancel can kill it.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ApplicationFailure } from '@temporalio/common';
import type { Backend } from '@distillery/schemas';
import type { BackendRequest, ChildMessage, ParentMessage, TaskFailure, TaskRequest, TaskResult, TaskResume } from './protocol.js';

export interface ChildRunOptions<K extends TaskRequest['kind']> {
  /** initBackend's options (ActivityDeps.backend); a backend name forces it, null picks the best that loads. */
  backend: BackendRequest | Backend | null;
  /** The state the previous attempt checkpointed, or undefined on a first attempt. */
  resume: TaskResume<K> | undefined;
  /** Aborting kills the child at once (SIGKILL): training stops within milliseconds, not at the next step. */
  signal: AbortSignal;
  onProgress(progress: Extract<ChildMessage<K>, { type: 'progress' }>): void;
  onCheckpoint(checkpoint: Extract<ChildMessage<K>, { type: 'checkpoint' }>): void;
  /** Called with the child's pid once it started (tests check that a cancelled child is gone). */
  onStart?(pid: number): void;
}

const CHILD_ENTRY = fileURLToPath(new URL('./child.ts', import.meta.url));
/** tsx's loader, resolved from this package so the child can run TypeScript whatever the parent was started with. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The one place the worker's backend setting becomes the options the child initialises tfjs with. */
function backendRequest(backend: BackendRequest | Backend | null): BackendRequest {
  if (backend === null) return {};
  return typeof backend === 'string' ? { force: backend } : backend;
}

/**
 * A failure with the contract's details cannot be fixed by a retry: non-retryable, typed by its kind, the details
 * attached for the workflow and the API. Anything else is transient and stays retryable, as Temporal's policy wants.
 */
function applicationFailure(failure: TaskFailure): ApplicationFailure {
  if (failure.details === null) return ApplicationFailure.retryable(failure.message, failure.errorType);
  return ApplicationFailure.create({ message: failure.message, type: failure.details.kind, nonRetryable: true, details: [failure.details] });
}

export function runInChild<T extends TaskRequest>(task: T, opts: ChildRunOptions<T['kind']>): Promise<TaskResult<T['kind']>> {
  type K = T['kind'];
  return new Promise<TaskResult<K>>((resolve, reject) => {
    if (opts.signal.aborted) {
      reject(opts.signal.reason as Error);
      return;
    }
    const child = fork(CHILD_ENTRY, [], {
      execArgv: ['--import', TSX_LOADER],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      opts.signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void => {
      child.kill('SIGKILL');
      finish(() => reject(opts.signal.reason as Error));
    };
    opts.signal.addEventListener('abort', onAbort, { once: true });
    if (child.pid !== undefined) opts.onStart?.(child.pid);

    child.on('message', (raw) => {
      // The child is this checkout's own child.ts, answering this task: the protocol's types hold by construction.
      const message = raw as ChildMessage<K>;
      switch (message.type) {
        case 'progress':
          opts.onProgress(message);
          break;
        case 'checkpoint':
          opts.onCheckpoint(message);
          break;
        case 'result':
          finish(() => resolve(message.value));
          break;
        case 'error':
          finish(() => reject(applicationFailure(message)));
          break;
      }
    });
    child.on('error', (err) => finish(() => reject(err)));
    child.on('exit', (code, signal) => {
      // A crash (out of memory, a native abort) is retryable: another attempt may land on a healthier worker.
      finish(() => reject(new Error(`compute process exited before answering (code ${code}, signal ${signal})`)));
    });
    const run: ParentMessage<K> = { type: 'run', task, backend: backendRequest(opts.backend), resume: opts.resume ?? null };
    child.send(run);
  });
}
