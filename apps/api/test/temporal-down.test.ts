// With Temporal unreachable, submit answers SERVICE_UNAVAILABLE (HTTP 503) within seconds and records no job; once
// Temporal stops under a running API, the procedures (called in-process) refuse and change nothing.
import { createSqliteStore, type Store } from '@distillery/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type TestApi } from './helpers/api.js';
import { startTemporalDevServer, type TemporalDevServer } from './helpers/temporal-dev-server.js';
import { benchmarkSpec } from './fixtures.js';

async function storedJobs(store: Store): Promise<number> {
  return (await store.listJobs({ limit: 200 })).items.length;
}

describe('Temporal never reachable', () => {
  let api: TestApi;
  let store: Store;
  beforeAll(async () => {
    // Nothing listens on 7349 (inside this suite's reserved range).
    api = await startTestApi({ port: 4110, temporalAddress: '127.0.0.1:7349' });
    store = createSqliteStore({ dataDir: api.dataDir });
  });
  afterAll(async () => {
    await store?.close();
    await api?.stop();
  });

  it('answers SERVICE_UNAVAILABLE naming the address, quickly, with no half-recorded job', async () => {
    const t0 = Date.now();
    let message = '';
    const code = await api
      .client()
      .jobs.submit.mutate({ spec: benchmarkSpec(), idempotencyKey: 'down-1' })
      .then(
        () => 'resolved',
        (err: { message: string; data?: { code?: string; httpStatus?: number } }) => {
          message = err.message;
          return `${err.data?.code} ${err.data?.httpStatus}`;
        },
      );
    expect(code).toBe('SERVICE_UNAVAILABLE 503');
    expect(message).toContain('Temporal is unreachable at 127.0.0.1:7349');
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(await storedJobs(store)).toBe(0);
    expect(await store.getJobByIdempotencyKey('down-1')).toBeNull();
  });

  it('reports the outage on /health with 503', async () => {
    const res = await fetch(`${api.url}/health`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as {
      ok: boolean;
      store: { ok: boolean };
      temporal: { ok: boolean; detail: string };
    };
    expect(body).toMatchObject({ ok: false, store: { ok: true }, temporal: { ok: false } });
    expect(body.temporal.detail).toContain('127.0.0.1:7349');
  });
});

describe('Temporal stops while the API runs', () => {
  let temporal: TemporalDevServer;
  let api: TestApi;
  let store: Store;
  beforeAll(async () => {
    temporal = await startTemporalDevServer(7310);
    api = await startTestApi({ port: 4111, temporalAddress: temporal.address });
    store = createSqliteStore({ dataDir: api.dataDir });
  });
  afterAll(async () => {
    await store?.close();
    await api?.stop();
    await temporal?.stop();
  });

  it('accepts jobs while Temporal is up, then answers SERVICE_UNAVAILABLE and records nothing once it is gone', async () => {
    const caller = api.caller();
    const ok = await caller.jobs.submit({ spec: benchmarkSpec('before outage') });
    expect(ok.status).toBe('queued');
    expect((await fetch(`${api.url}/health`)).status).toBe(200);

    await temporal.stop();
    const t0 = Date.now();
    expect(await codeOf(caller.jobs.submit({ spec: benchmarkSpec('during outage') }))).toBe(
      'SERVICE_UNAVAILABLE',
    );
    expect(Date.now() - t0).toBeLessThan(8000);
    expect((await store.listJobs({ limit: 10 })).items.map((j) => j.id)).toEqual([ok.id]);
    // Cancelling needs Temporal too: refused, and the job is left as it was.
    expect(await codeOf(caller.jobs.cancel({ id: ok.id }))).toBe('SERVICE_UNAVAILABLE');
    expect((await store.getJob(ok.id))?.status).toBe('queued');
  });
});
