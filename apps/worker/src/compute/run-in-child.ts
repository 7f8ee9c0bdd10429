// Runs one compute task in a child Node process, so tfjs never blocks the worker's event loop and a cancel can kill it.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ApplicationFailure } from '@temporalio/common';
import type { Backend } from '@distillery/schemas';
import type { ChildMessage, ComputeTask, ParentMessage } from './protocol.js';

export interface ChildRunOptions {
  backend: Backend | null;
  /** The state the previous attempt checkpointed, or undefined on a first attempt. */
  resume: unknown;
  /** Aborting kills the child at once (SIGKILL): training stops within milliseconds, not at the next step. */
  signal: AbortSignal;
  onProgress(progress: Extract<ChildMessage, { type: 'progress' }>): void;
  onCheckpoint(checkpoint: Extract<ChildMessage, { type: 'checkpoint' }>): void;
  /** Called with the child's pid once it started (tests check that a cancelled child is gone). */
  onStart?(pid: number): void;
}

const CHILD_ENTRY = fileURLToPath(new URL('./child.ts', import.meta.url));
/** tsx's loader, resolved from this package so the child can run TypeScript whatever the parent was started with. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export function runInChild<T>(task: ComputeTask, opts: ChildRunOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
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
      const message = raw as ChildMessage;
      switch (message.type) {
        case 'progress':
          opts.onProgress(message);
          break;
        case 'checkpoint':
          opts.onCheckpoint(message);
          break;
        case 'result':
          finish(() => resolve(message.value as T));
          break;
        case 'error':
          finish(() =>
            reject(
              message.nonRetryable
                ? ApplicationFailure.nonRetryable(message.message, message.errorType)
                : ApplicationFailure.retryable(message.message, message.errorType),
            ),
          );
          break;
      }
    });
    child.on('error', (err) => finish(() => reject(err)));
    child.on('exit', (code, signal) => {
      // A crash (out of memory, a native abort) is retryable: another attempt may land on a healthier worker.
      finish(() => reject(new Error(`compute process exited before answering (code ${code}, signal ${signal})`)));
    });
    const run: ParentMessage = { type: 'run', task, backend: opts.backend, resume: opts.resume ?? null };
    child.send(run);
  });
}
