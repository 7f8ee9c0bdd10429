// Follows a job's event stream until it ends, then returns the job's final state.
import type { Job, JobEvent } from '@distillery/schemas';
import { isTerminal } from '@distillery/schemas';
import type { DistilleryClient } from './client.js';

export interface WaitOptions {
  /** Only events with a larger seq are delivered (default -1: every event from the start). */
  afterSeq?: number;
  signal?: AbortSignal;
}

/**
 * Resolves with the job once it is succeeded, failed or cancelled, calling `onEvent` for each event in order.
 * Rejects with the subscription's error (e.g. NOT_FOUND, UNAUTHORIZED). If the stream ends early it resumes
 * from the last seq seen.
 */
export async function waitForJob(
  client: DistilleryClient,
  id: string,
  onEvent: (event: JobEvent) => void = () => undefined,
  { afterSeq = -1, signal }: WaitOptions = {},
): Promise<Job> {
  let lastSeq = afterSeq;
  for (;;) {
    await new Promise<void>((resolve, reject) => {
      const sub = client.jobs.events.subscribe(
        { id, afterSeq: lastSeq },
        {
          onData: ({ data }) => {
            if (data.seq <= lastSeq) return;
            lastSeq = data.seq;
            onEvent(data);
          },
          onError: (err) => {
            signal?.removeEventListener('abort', abort);
            reject(err);
          },
          onComplete: () => {
            signal?.removeEventListener('abort', abort);
            resolve();
          },
        },
      );
      const abort = () => {
        sub.unsubscribe();
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort, { once: true });
    });
    const job = await client.jobs.get.query({ id });
    if (isTerminal(job.status)) return job;
  }
}
