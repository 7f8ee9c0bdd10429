'use client';
// Follows a job's event stream (the SSE subscription jobs.events), resuming after the last seq seen when it drops.
import { isTerminal, type JobEvent } from '@distillery/schemas';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from './trpc';

export type StreamState = 'connecting' | 'live' | 'ended' | 'reconnecting';

/** After an error the stream is opened again this long later (a dropped connection is resumed by the SSE link itself). */
const RETRY_MS = 2000;

export function useJobEvents(jobId: string): { events: JobEvent[]; state: StreamState; error: string | null } {
  const trpc = useTRPC();
  const [stream, setStream] = useState<{ jobId: string; events: JobEvent[] }>({ jobId, events: [] });
  const lastSeq = useRef(-1);
  const wasLive = useRef(false);

  const subscription = useSubscription(
    trpc.jobs.events.subscriptionOptions(
      { id: jobId, afterSeq: -1 },
      {
        onStarted: () => {
          wasLive.current = true;
        },
        // Each message is tracked: `id` is the event's seq, which the SSE link sends back as lastEventId on reconnect.
        onData: ({ data: event }) => {
          if (event.seq <= lastSeq.current) return;
          lastSeq.current = event.seq;
          setStream((current) => ({ jobId, events: current.jobId === jobId ? [...current.events, event] : [event] }));
        },
      },
    ),
  );

  useEffect(() => {
    lastSeq.current = -1;
    wasLive.current = false;
    setStream({ jobId, events: [] });
  }, [jobId]);

  // A refused or broken stream is opened again after a pause; events already shown are skipped by seq.
  const { status, reset } = subscription;
  useEffect(() => {
    if (status !== 'error') return;
    const timer = setTimeout(reset, RETRY_MS);
    return () => clearTimeout(timer);
  }, [status, reset]);

  const state: StreamState =
    status === 'pending'
      ? 'live'
      : status === 'idle'
        ? // The API ends the stream once the job is finished and every event was sent.
          'ended'
        : status === 'error' || wasLive.current
          ? 'reconnecting'
          : 'connecting';
  const error = subscription.error ? subscription.error.message || 'event stream failed' : null;
  return { events: stream.jobId === jobId ? stream.events : [], state, error };
}

/** Whether the stream has reported the job finished. */
export const streamSawEnd = (events: readonly JobEvent[]): boolean =>
  events.some((e) => e.type === 'status' && e.status !== undefined && isTerminal(e.status));
