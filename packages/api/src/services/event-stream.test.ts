// The event stream's ending rules, on a real store: drain what the worker writes after it marks the job terminal.
import type { JobEvent } from '@distillery/schemas';
import { JobSpec } from '@distillery/schemas';
import { createSqliteStore, type Store } from '@distillery/store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobEventStream } from './event-stream.js';

let dataDir: string;
let store: Store;
const spec = JobSpec.parse({
  kind: 'quantize',
  model: { type: 'registered', modelId: 'art_0123456789abcdef0123' },
  calibration: { name: 'mnist' },
});

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'distillery-stream-'));
  store = createSqliteStore({ dataDir });
  await store.createJob({ id: 'job_stream01', spec });
});
afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function collect(afterSeq: number, signal?: AbortSignal, pollMs = 20): Promise<JobEvent[]> {
  const out: JobEvent[] = [];
  for await (const e of jobEventStream(store, 'job_stream01', afterSeq, { pollMs, batch: 2, signal }))
    out.push(e);
  return out;
}

describe('jobEventStream', () => {
  it('pages through a long backlog in order and ends on a terminal status event', async () => {
    for (let i = 0; i < 5; i++)
      await store.appendEvent('job_stream01', { type: 'log', message: `line ${i}` });
    await store.appendEvent('job_stream01', { type: 'status', status: 'succeeded' });
    await store.updateJob('job_stream01', { status: 'succeeded' });
    expect((await collect(-1)).map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect((await collect(3)).map((e) => e.seq)).toEqual([4, 5]);
  });

  it('still delivers an event written just after the job turned terminal', async () => {
    await store.updateJob('job_stream01', { status: 'failed' });
    // The stream allows one poll interval (here 300 ms) for the worker's final event.
    const events = collect(-1, undefined, 300);
    await new Promise((r) => setTimeout(r, 20));
    await store.appendEvent('job_stream01', { type: 'status', status: 'failed', message: 'loss turned NaN' });
    expect((await events).map((e) => e.message)).toEqual(['loss turned NaN']);
  });

  it('keeps polling while the job runs and stops when the client goes away', async () => {
    await store.updateJob('job_stream01', { status: 'running' });
    const controller = new AbortController();
    const events = collect(-1, controller.signal);
    await store.appendEvent('job_stream01', { type: 'progress', step: 1, total: 2 });
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    expect((await events).map((e) => e.step)).toEqual([1]);
  });
});
