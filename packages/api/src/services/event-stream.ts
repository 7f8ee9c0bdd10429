// Streams a job's events: replays what is stored after a seq, then polls until the job ends and is drained.
import type { JobEvent } from '@distillery/schemas';
import { isTerminal } from '@distillery/schemas';
import type { Store } from '@distillery/store';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EventStreamOptions {
  pollMs?: number;
  /** Read at most this many events per store query. */
  batch?: number;
  signal?: AbortSignal | undefined;
}

/**
 * Yields events with seq > afterSeq in order. After the job turns terminal it keeps polling one more round
 * (unless it has already seen a terminal status event), since the worker may write the status before the event.
 */
export async function* jobEventStream(
  store: Store,
  jobId: string,
  afterSeq: number,
  { pollMs = 250, batch = 500, signal }: EventStreamOptions = {},
): AsyncGenerator<JobEvent, void> {
  let last = afterSeq;
  let sawTerminalEvent = false;
  let quietRoundsAfterTerminal = 0;
  while (!signal?.aborted) {
    const events = await store.listEvents(jobId, last, batch);
    for (const event of events) {
      last = event.seq;
      if (event.type === 'status' && event.status && isTerminal(event.status)) sawTerminalEvent = true;
      yield event;
    }
    if (events.length === batch) continue;

    const job = await store.getJob(jobId);
    if (!job) return;
    if (isTerminal(job.status)) {
      if (events.length === 0 && (sawTerminalEvent || quietRoundsAfterTerminal >= 1)) return;
      if (events.length === 0) quietRoundsAfterTerminal++;
    }
    try {
      await sleep(pollMs, undefined, { signal });
    } catch {
      return; // aborted: the client went away
    }
  }
}
