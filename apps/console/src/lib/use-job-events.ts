'use client';
// Follows a job's event stream (SSE subscription), resuming after the last seq seen when the connection drops.
import { useEffect, useState } from 'react';
import { isTerminal, type JobEvent } from '@distillery/schemas';
import { useApi } from './api-context';

/** A tracked subscription yields `{ id, data }`; a plain one yields the event itself. */
function unwrapEvent(message: unknown): JobEvent | null {
  if (message && typeof message === 'object') {
    if ('seq' in message && 'type' in message) return message as JobEvent;
    const inner = (message as { data?: unknown }).data;
    if (inner && typeof inner === 'object' && 'seq' in inner) return inner as JobEvent;
  }
  return null;
}

export type StreamState = 'connecting' | 'live' | 'ended' | 'reconnecting';

export function useJobEvents(jobId: string): { events: JobEvent[]; state: StreamState; error: string | null } {
  const { client } = useApi();
  const [events, setEvents] = useState<JobEvent[]>([]);
  const [state, setState] = useState<StreamState>('connecting');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let lastSeq = -1;
    let stopped = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe: (() => void) | undefined;
    setEvents([]);
    setState('connecting');

    const connect = (): void => {
      const subscription = client.jobs.events.subscribe(
        { id: jobId, afterSeq: lastSeq },
        {
          onStarted: () => {
            setState('live');
            setError(null);
          },
          onData: (message: unknown) => {
            const event = unwrapEvent(message);
            if (!event || event.seq <= lastSeq) return;
            lastSeq = event.seq;
            setEvents((current) => [...current, event]);
          },
          onError: (err: unknown) => {
            setState('reconnecting');
            setError(err instanceof Error ? err.message : 'event stream failed');
            if (!stopped) retryTimer = setTimeout(connect, 2000);
          },
          // The API ends the stream once the job is finished and every event was sent.
          onComplete: () => setState('ended'),
        },
      );
      unsubscribe = () => subscription.unsubscribe();
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      unsubscribe?.();
    };
  }, [client, jobId]);

  return { events, state, error };
}

/** Whether the stream has reported the job finished. */
export const streamSawEnd = (events: readonly JobEvent[]): boolean =>
  events.some((e) => e.type === 'status' && e.status !== undefined && isTerminal(e.status));
