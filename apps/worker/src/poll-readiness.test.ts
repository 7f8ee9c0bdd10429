// waitUntilPolled against a scripted DescribeTaskQueue: only this worker's own polls, on both queue types, count.
import type { NativeConnection } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { waitUntilPolled } from './poll-readiness.js';

/** A connection whose DescribeTaskQueue answers round by round (a round starts with the workflow queue) with `rounds`. */
function scriptedConnection(rounds: { workflow: string[]; activity: string[] }[]): { connection: NativeConnection; calls: () => number } {
  let round = -1;
  let calls = 0;
  const connection = {
    workflowService: {
      describeTaskQueue: ({ taskQueueType }: { taskQueueType: number }) => {
        calls += 1;
        if (taskQueueType === 1) round += 1;
        const answer = rounds[Math.min(round, rounds.length - 1)] ?? { workflow: [], activity: [] };
        const identities = taskQueueType === 1 ? answer.workflow : answer.activity;
        return Promise.resolve({ pollers: identities.map((identity) => ({ identity })) });
      },
    },
  } as unknown as NativeConnection;
  return { connection, calls: () => calls };
}

const base = { namespace: 'default', taskQueue: 'distillery-cpu', identity: '42@host', intervalMs: 1 };

describe('waitUntilPolled', () => {
  it('resolves once the server lists this worker on the workflow and the activity queue', async () => {
    const { connection, calls } = scriptedConnection([
      { workflow: [], activity: [] },
      { workflow: ['41@host'], activity: ['41@host'] },
      { workflow: ['42@host'], activity: [] },
      { workflow: ['41@host', '42@host'], activity: ['42@host'] },
    ]);
    await expect(waitUntilPolled({ ...base, connection })).resolves.toBe(true);
    // Rounds 1-2 stop at the workflow queue, round 3 at the activity queue, round 4 passes: 1 + 1 + 2 + 2 questions.
    expect(calls()).toBe(6);
  });

  it('names the worker and the queue when the server never lists it', async () => {
    const { connection } = scriptedConnection([{ workflow: ['41@host'], activity: ['41@host'] }]);
    await expect(waitUntilPolled({ ...base, connection, timeoutMs: 30 })).rejects.toThrow(
      /worker 42@host as a poller of task queue distillery-cpu after 0.03 s/,
    );
  });

  it('stops quietly when the worker stops first', async () => {
    const { connection } = scriptedConnection([{ workflow: [], activity: [] }]);
    const stop = new AbortController();
    const waiting = waitUntilPolled({ ...base, connection, intervalMs: 50, signal: stop.signal });
    stop.abort();
    await expect(waiting).resolves.toBe(false);
  });
});
