// jobs against a real Temporal dev server and a real SQLite file (no worker: jobs stay queued). Procedures are called
// in-process (createCaller); the error shape, the body limit and the SSE stream are tested over real HTTP.
import { isTerminal, type JobEvent } from '@distillery/schemas';
import { createSqliteStore, type Store } from '@distillery/store';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SECRET, codeOf, startTestApi, type TestApi } from './helpers/api.js';
import { startTemporalDevServer, type TemporalDevServer } from './helpers/temporal-dev-server.js';
import { benchmarkSpec } from './fixtures.js';

let temporal: TemporalDevServer;
let api: TestApi;
let temporalClient: Client;
/** A second connection to the API's SQLite file, standing in for the worker process. */
let workerStore: Store;

beforeAll(async () => {
  temporal = await startTemporalDevServer(7300);
  api = await startTestApi({ port: 4100, temporalAddress: temporal.address });
  temporalClient = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  workerStore = createSqliteStore({ dataDir: api.dataDir });
});

afterAll(async () => {
  await workerStore?.close();
  await temporalClient?.connection.close();
  await api?.stop();
  await temporal?.stop();
});

/** The per-field messages of a call that must fail with BAD_REQUEST. */
async function fieldErrorsOf(call: Promise<unknown>): Promise<Record<string, string[]>> {
  const err = await call.then(
    () => null,
    (e: unknown) => e as { data?: { code?: string; fieldErrors?: Record<string, string[]> | null } },
  );
  expect(err?.data?.code).toBe('BAD_REQUEST');
  return err?.data?.fieldErrors ?? {};
}

async function jobCount(): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<Store['listJobs']>> = await workerStore.listJobs({ limit: 200, cursor });
    n += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return n;
}

describe('jobs.submit', () => {
  it('records a queued job and starts its workflow on the device task queue, with the job id as workflow id', async () => {
    const job = await api.caller().jobs.submit({ spec: benchmarkSpec() });
    expect(job.id).toMatch(/^job_[a-f0-9]{24}$/);
    expect(job).toMatchObject({
      status: 'queued',
      kind: 'benchmark',
      name: 'tiny benchmark',
      device: 'cpu',
      retryOf: null,
    });
    // Defaults were applied by validation and stored.
    expect(job.spec).toMatchObject({ kind: 'benchmark', dataset: { testFraction: 0.2 } });

    const description = await temporalClient.workflow.getHandle(job.id).describe();
    expect(description.type).toBe('jobWorkflow');
    expect(description.status.name).toBe('RUNNING');
    expect(description.taskQueue).toBe(`${api.temporal.taskQueuePrefix}-cpu`);

    const events = await workerStore.listEvents(job.id, -1);
    expect(events.map((e) => [e.seq, e.type, e.status])).toEqual([[0, 'status', 'queued']]);
  });

  it('returns the same job for a repeated idempotency key and starts no second run', async () => {
    const caller = api.caller();
    const first = await caller.jobs.submit({
      spec: benchmarkSpec('idem'),
      idempotencyKey: 'nightly-2026-11-28',
    });
    const runId = (await temporalClient.workflow.getHandle(first.id).describe()).runId;
    const [again, third] = await Promise.all([
      caller.jobs.submit({ spec: benchmarkSpec('idem'), idempotencyKey: 'nightly-2026-11-28' }),
      caller.jobs.submit({ spec: benchmarkSpec('idem'), idempotencyKey: 'nightly-2026-11-28' }),
    ]);
    expect(again.id).toBe(first.id);
    expect(third.id).toBe(first.id);
    expect((await temporalClient.workflow.getHandle(first.id).describe()).runId).toBe(runId);
    const runs = [];
    for await (const wf of temporalClient.workflow.list({ query: `WorkflowId = '${first.id}'` }))
      runs.push(wf.runId);
    expect(runs).toEqual([runId]);

    // The same key with a different spec is a conflict, not a silent reuse.
    expect(
      await codeOf(
        caller.jobs.submit({ spec: benchmarkSpec('other'), idempotencyKey: 'nightly-2026-11-28' }),
      ),
    ).toBe('CONFLICT');
  });

  it('names every bad field with its dotted path and records nothing', async () => {
    const before = await jobCount();
    const bad = { ...benchmarkSpec(), batchSizes: [0], dataset: { name: 'MNIST!' } };
    const fields = await fieldErrorsOf(api.client().jobs.submit.mutate({ spec: bad }));
    expect(Object.keys(fields).sort()).toEqual(['spec.batchSizes.0', 'spec.dataset.name']);
    expect(fields['spec.dataset.name']?.[0]).toMatch(/lowercase/);

    const distill = await fieldErrorsOf(
      api.client().jobs.submit.mutate({ spec: { kind: 'distill', train: { epochs: 1000 } } as never }),
    );
    expect(distill['spec.train.epochs']?.[0]).toMatch(/200/);
    expect(Object.keys(distill)).toEqual(
      expect.arrayContaining(['spec.teacher', 'spec.student', 'spec.dataset']),
    );

    const kind = await fieldErrorsOf(
      api.client().jobs.submit.mutate({ spec: { kind: 'compress' } as never }),
    );
    expect(Object.keys(kind)).toEqual(['spec.kind']);
    expect(await jobCount()).toBe(before);
  });

  it('refuses a body over 1 MiB with 413 PAYLOAD_TOO_LARGE and records nothing', async () => {
    const before = await jobCount();
    const huge = { ...benchmarkSpec(), name: 'x'.repeat(1024 * 1024 + 10) };
    expect(await codeOf(api.client().jobs.submit.mutate({ spec: huge }))).toBe('PAYLOAD_TOO_LARGE');
    const res = await fetch(`${api.url}/trpc/jobs.submit`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer dst_test-admin-secret-0123456789',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ spec: huge }),
    });
    expect(res.status).toBe(413);
    expect(await jobCount()).toBe(before);
  });
});

describe('auth', () => {
  it('answers UNAUTHORIZED to a missing or wrong token and changes nothing', async () => {
    const job = await api.caller().jobs.submit({ spec: benchmarkSpec('auth target') });
    const before = await jobCount();
    for (const caller of [api.caller(null), api.caller('dst_wrong-token-000000000000000')]) {
      expect(await codeOf(caller.jobs.submit({ spec: benchmarkSpec() }))).toBe('UNAUTHORIZED');
      expect(await codeOf(caller.jobs.cancel({ id: job.id }))).toBe('UNAUTHORIZED');
      expect(await codeOf(caller.jobs.retry({ id: job.id }))).toBe('UNAUTHORIZED');
      expect(await codeOf(caller.jobs.list({}))).toBe('UNAUTHORIZED');
      expect(await codeOf(caller.jobs.get({ id: job.id }))).toBe('UNAUTHORIZED');
      expect(await codeOf(caller.tokens.create({ name: 'sneaky' }))).toBe('UNAUTHORIZED');
    }
    expect(await jobCount()).toBe(before);
    expect((await workerStore.getJob(job.id))?.status).toBe('queued');
    expect((await temporalClient.workflow.getHandle(job.id).describe()).status.name).toBe('RUNNING');
    expect((await workerStore.listTokens()).map((t) => t.name)).not.toContain('sneaky');
  });

  it('accepts a created token until it is revoked, and will not revoke the last active one', async () => {
    const admin = api.caller();
    const { token, secret } = await admin.tokens.create({ name: 'ci' });
    expect(secret).toMatch(/^dst_/);
    const ci = api.caller(secret);
    expect((await ci.jobs.list({ limit: 1 })).items.length).toBe(1);
    expect((await admin.tokens.list()).map((t) => t.name)).toEqual(
      expect.arrayContaining(['admin', 'ci']),
    );
    await admin.tokens.revoke({ id: token.id });
    expect(await codeOf(ci.jobs.list({ limit: 1 }))).toBe('UNAUTHORIZED');

    const adminId = (await admin.tokens.list()).find((t) => t.name === 'admin')!.id;
    expect(await codeOf(admin.tokens.revoke({ id: adminId }))).toBe('PRECONDITION_FAILED');
  });
});

describe('jobs.get / list / cancel / retry', () => {
  it('answers NOT_FOUND for an unknown id', async () => {
    const caller = api.caller();
    expect(await codeOf(caller.jobs.get({ id: 'job_000000000000000000000000' }))).toBe('NOT_FOUND');
    expect(await codeOf(caller.jobs.cancel({ id: 'job_000000000000000000000000' }))).toBe('NOT_FOUND');
    expect(await codeOf(caller.jobs.retry({ id: 'job_000000000000000000000000' }))).toBe('NOT_FOUND');
    expect(await codeOf(caller.scorecards.getByJob({ id: 'job_000000000000000000000000' }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(caller.models.get({ id: 'art_000000000000000000000000' }))).toBe('NOT_FOUND');
  });

  it('pages through jobs with status and kind filters', async () => {
    const caller = api.caller();
    for (let i = 0; i < 3; i++) await caller.jobs.submit({ spec: benchmarkSpec(`page ${i}`) });
    const total = await jobCount();
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof caller.jobs.list>> = await caller.jobs.list({
        limit: 2,
        cursor,
      });
      ids.push(...page.items.map((j) => j.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect((await caller.jobs.list({ kind: 'distill' })).items).toEqual([]);
    const queued = await caller.jobs.list({ status: 'queued', kind: 'benchmark', limit: 200 });
    expect(queued.items.length).toBeGreaterThanOrEqual(3);
    expect(queued.items.every((j) => j.status === 'queued')).toBe(true);
    expect(await codeOf(caller.jobs.list({ cursor: 'garbage' }))).toBe('BAD_REQUEST');
  });

  it('cancels a queued job at once, requests cancellation in Temporal, and retries it as a new linked job', async () => {
    const caller = api.caller();
    const job = await caller.jobs.submit({ spec: benchmarkSpec('to cancel') });
    expect(await codeOf(caller.jobs.retry({ id: job.id }))).toBe('PRECONDITION_FAILED');

    const cancelled = await caller.jobs.cancel({ id: job.id });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.finishedAt).not.toBeNull();
    const history = await temporalClient.workflow.getHandle(job.id).fetchHistory();
    expect(history.events?.some((e) => e.workflowExecutionCancelRequestedEventAttributes)).toBe(true);
    expect(await codeOf(caller.jobs.cancel({ id: job.id }))).toBe('PRECONDITION_FAILED');

    const retried = await caller.jobs.retry({ id: job.id });
    expect(retried.id).not.toBe(job.id);
    expect(retried).toMatchObject({ status: 'queued', retryOf: job.id, spec: job.spec });
    expect((await temporalClient.workflow.getHandle(retried.id).describe()).status.name).toBe('RUNNING');
  });
});

describe('jobs.events', () => {
  it('replays stored events, streams new ones as the worker writes them, and ends when the job is done', async () => {
    const client = api.client();
    const job = await client.jobs.submit.mutate({ spec: benchmarkSpec('streamed') });
    await workerStore.updateJob(job.id, { status: 'running' });
    await workerStore.appendEvent(job.id, { type: 'status', status: 'running' });

    const received: JobEvent[] = [];
    const done = new Promise<void>((resolve, reject) => {
      client.jobs.events.subscribe(
        { id: job.id },
        {
          onData: ({ id, data }) => {
            expect(id).toBe(String(data.seq));
            received.push(data);
          },
          onError: reject,
          onComplete: resolve,
        },
      );
    });
    await new Promise((r) => setTimeout(r, 600));
    expect(received.map((e) => e.seq)).toEqual([0, 1]);

    const t0 = Date.now();
    for (let step = 1; step <= 5; step++) {
      await workerStore.appendEvent(job.id, {
        type: 'progress',
        stage: 'benchmark',
        step,
        total: 5,
        loss: 1 / step,
      });
    }
    await workerStore.updateJob(job.id, { status: 'succeeded', finishedAt: new Date().toISOString() });
    await workerStore.appendEvent(job.id, { type: 'status', status: 'succeeded' });
    await done;
    const elapsed = Date.now() - t0;

    expect(received.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(received.filter((e) => e.type === 'progress').map((e) => e.step)).toEqual([1, 2, 3, 4, 5]);
    expect(received.at(-1)).toMatchObject({ type: 'status', status: 'succeeded' });
    expect(isTerminal(received.at(-1)!.status!)).toBe(true);
    // Poll interval is 250 ms: the last event and the end of stream arrive well within two seconds.
    expect(elapsed).toBeLessThan(2000);

    // Resuming after seq 5 yields only what came later; a finished job's stream ends by itself.
    const resumed: number[] = [];
    await new Promise<void>((resolve, reject) => {
      client.jobs.events.subscribe(
        { id: job.id, afterSeq: 5 },
        { onData: ({ data }) => resumed.push(data.seq), onError: reject, onComplete: resolve },
      );
    });
    expect(resumed).toEqual([6, 7]);
  });

  it('accepts the token as connectionParams, for browsers whose EventSource cannot send headers', async () => {
    const job = await api.client().jobs.submit.mutate({ spec: benchmarkSpec('browser stream') });
    await workerStore.updateJob(job.id, { status: 'cancelled' });
    await workerStore.appendEvent(job.id, { type: 'status', status: 'cancelled' });
    const seqs: number[] = [];
    await new Promise<void>((resolve, reject) => {
      api
        .connectionParamsClient(ADMIN_SECRET)
        .jobs.events.subscribe(
          { id: job.id },
          { onData: ({ data }) => seqs.push(data.seq), onError: reject, onComplete: resolve },
        );
    });
    expect(seqs).toEqual([0, 1]);
  });

  it('refuses an unknown job and a missing token', async () => {
    const subscribeCode = (client: ReturnType<TestApi['client']>, id: string) =>
      new Promise<string>((resolve) => {
        const sub = client.jobs.events.subscribe(
          { id },
          {
            onData: () => resolve('data'),
            onError: (err) => {
              sub.unsubscribe();
              resolve((err as { data?: { code?: string } }).data?.code ?? err.message);
            },
            onComplete: () => resolve('complete'),
          },
        );
      });
    expect(await subscribeCode(api.client(), 'job_000000000000000000000000')).toBe('NOT_FOUND');
    expect(await subscribeCode(api.client(null), 'job_000000000000000000000000')).toBe('UNAUTHORIZED');
  });
});
