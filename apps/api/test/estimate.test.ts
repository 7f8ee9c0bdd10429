// jobs.estimate: a real Temporal dev server and a real worker process compute the pre-run estimate. The procedure is
// called in-process (createCaller); what a form and the CLI see of it (field errors, the bin's output) goes over HTTP.
import type { JobSpecInput } from '@distillery/schemas';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SECRET, codeOf, startTestApi, type TestApi } from './helpers/api.js';
import { startTemporalDevServer, type TemporalDevServer } from './helpers/temporal-dev-server.js';
import { startWorkerProcess, type WorkerProcess } from './helpers/worker-process.js';

let temporal: TemporalDevServer;
let api: TestApi;
let worker: WorkerProcess;
const taskQueuePrefix = `estimate-test-${process.pid}`;

beforeAll(async () => {
  temporal = await startTemporalDevServer(7250);
  api = await startTestApi({ port: 4200, temporalAddress: temporal.address, taskQueuePrefix });
  worker = await startWorkerProcess({
    temporalAddress: temporal.address,
    taskQueuePrefix,
    dataDir: api.dataDir,
  });
});

afterAll(async () => {
  await worker?.stop();
  await api?.stop();
  await temporal?.stop();
});

function smallDistill(overrides: Partial<Record<string, unknown>> = {}): JobSpecInput {
  return {
    kind: 'distill',
    name: 'estimate me',
    teacher: { type: 'recipe', arch: { family: 'mlp', hidden: [64] }, train: { epochs: 1, batchSize: 64 } },
    student: { family: 'mlp', hidden: [16] },
    dataset: { name: 'mnist', trainLimit: 1000, testLimit: 200 },
    train: { epochs: 2, batchSize: 64 },
    ...overrides,
  };
}

/** How a call failed: over HTTP the error shape's `data` (code, field errors), from the caller the TRPCError's `code`. */
async function failureOf(
  call: Promise<unknown>,
): Promise<{ code?: string; message: string; fieldErrors: Record<string, string[]> }> {
  const err = await call.then(
    () => null,
    (e: unknown) =>
      e as {
        message: string;
        code?: string;
        data?: { code?: string; fieldErrors?: Record<string, string[]> | null };
      },
  );
  expect(err, 'the call should have failed').not.toBeNull();
  return {
    code: err?.data?.code ?? err?.code,
    message: err?.message ?? '',
    fieldErrors: err?.data?.fieldErrors ?? {},
  };
}

describe('jobs.estimate', () => {
  it('returns positive seconds and cost for a small distill spec, from the worker backend measured rate', async () => {
    const started = performance.now();
    const estimate = await api.caller().jobs.estimate({ spec: smallDistill() });
    const tookSeconds = (performance.now() - started) / 1000;
    console.log(`estimate in ${tookSeconds.toFixed(1)} s:`, JSON.stringify(estimate));

    expect(estimate.device).toBe('cpu');
    expect(estimate.seconds).toBeGreaterThan(0);
    expect(estimate.costUsd).toBeGreaterThan(0);
    // Money is computed: seconds × the cpu price per hour.
    expect(estimate.costUsd).toBeCloseTo((estimate.seconds * estimate.pricePerHourUsd) / 3600, 12);
    expect(estimate.pricePerHourUsd).toBeGreaterThan(0);
    expect(estimate.priceSource).toMatch(/^https:\/\//);
    expect(estimate.measuredGflops).toBeGreaterThan(0);
    expect(['tensorflow', 'webgpu', 'native', 'wasm', 'cpu']).toContain(estimate.backend);
    // Teacher: 784·64+64·10 weights; 1000 images × 1 epoch, then the student 784·16+16·10 × 2 epochs; ×6 per trained sample.
    const teacherTrain = 6 * (784 * 64 + 64 * 10) * 1000;
    expect(estimate.flops).toBeGreaterThan(teacherTrain);
    expect(estimate.flops).toBeLessThan(teacherTrain * 10);
    // The figure is compute plus process start-up, nothing else.
    const computeSeconds = estimate.flops / (estimate.measuredGflops * 1e9);
    expect(estimate.seconds).toBeCloseTo(computeSeconds + estimate.overheadSeconds, 6);
    // A user is waiting on a form.
    expect(tookSeconds).toBeLessThan(15);
  });

  it('scales with the work: ten times the epochs estimate more compute', async () => {
    const caller = api.caller();
    const small = await caller.jobs.estimate({ spec: smallDistill() });
    const big = await caller.jobs.estimate({
      spec: smallDistill({ train: { epochs: 20, batchSize: 64 } }),
    });
    expect(big.flops).toBeGreaterThan(small.flops * 2);
  });

  it('answers BAD_REQUEST naming the field for a spec that does not validate, and runs nothing', async () => {
    const failure = await failureOf(
      api.client().jobs.estimate.query({ spec: smallDistill({ train: { epochs: 0 } }) }),
    );
    expect(failure.code).toBe('BAD_REQUEST');
    expect(Object.keys(failure.fieldErrors)).toContain('spec.train.epochs');
  });

  it('answers BAD_REQUEST naming the field when the worker finds a model the spec names missing', async () => {
    const failure = await failureOf(
      api.client().jobs.estimate.query({
        spec: smallDistill({ teacher: { type: 'registered', modelId: 'art_0123456789abcdef01234567' } }),
      }),
    );
    expect(failure.code).toBe('BAD_REQUEST');
    expect(failure.fieldErrors['spec.teacher.modelId']?.join(' ')).toMatch(/not in the registry/);
    // The field comes from the worker's failure details, so the message sits on that field alone.
    expect(Object.keys(failure.fieldErrors)).toEqual(['spec.teacher.modelId']);
  });

  it('answers SERVICE_UNAVAILABLE at once, naming the queue, when no worker of the device polls', async () => {
    const started = performance.now();
    const failure = await failureOf(
      api.caller().jobs.estimate({ spec: smallDistill({ device: 'gpu' }) }),
    );
    expect(failure.code).toBe('SERVICE_UNAVAILABLE');
    expect(failure.message).toContain(`${taskQueuePrefix}-gpu`);
    expect((performance.now() - started) / 1000).toBeLessThan(5);
  });

  it('needs a token like every other job call', async () => {
    expect(await codeOf(api.caller(null).jobs.estimate({ spec: smallDistill() }))).toBe('UNAUTHORIZED');
  });

  it('is what `distillery estimate --preset` prints, through the installed bin', async () => {
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        path.join(repoRoot, 'packages/client/bin/distillery.js'),
        'estimate',
        '--preset',
        'mnist-distill',
        '--url',
        api.url,
        '--token',
        ADMIN_SECRET,
      ],
      { cwd: repoRoot, timeout: 60_000 },
    );
    console.log(stdout);
    const lines = stdout.trim().split('\n');
    // e.g. "estimate: 3m12s of cpu time, $0.0054"
    const head = /^estimate: (?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)? of cpu time, \$([\d.e-]+)$/.exec(
      lines[0] ?? '',
    );
    expect(head, lines[0]).not.toBeNull();
    expect(Number(head?.[4])).toBeGreaterThan(0);
    expect(stdout).toMatch(/GFLOP\/s measured on (tensorflow|webgpu|native|wasm|cpu)/);
  });

  // Last: these two take the worker away.
  it('answers SERVICE_UNAVAILABLE naming the queue, within the deadline, when the worker died', async () => {
    const exited = new Promise((r) => worker.process.once('exit', r));
    worker.process.kill('SIGKILL');
    await exited;
    const started = performance.now();
    const failure = await failureOf(api.caller().jobs.estimate({ spec: smallDistill() }));
    const tookSeconds = (performance.now() - started) / 1000;
    console.log(`dead worker: ${failure.code} after ${tookSeconds.toFixed(1)} s: ${failure.message}`);
    expect(failure.code).toBe('SERVICE_UNAVAILABLE');
    // Temporal may still list the killed worker's last polls for a while: then the answer is "none answered in time".
    expect(failure.message).toMatch(
      new RegExp(`no (cpu worker is polling|worker on) task queue ${taskQueuePrefix}-cpu`),
    );
    expect(tookSeconds).toBeLessThan(21);
  });

  it('answers SERVICE_UNAVAILABLE within its deadline when a worker takes the estimate and never answers', async () => {
    // A stuck worker: a real poll of the workflow task queue that takes the task and never completes it.
    const connection = await Connection.connect({ address: temporal.address });
    const stop = new AbortController();
    // Several polls at once, as an SDK worker makes them, so the task queue's root partition sees one.
    const stuckPoll = Promise.all(
      Array.from({ length: 5 }, () =>
        connection
          .withAbortSignal(stop.signal, () =>
            connection.workflowService.pollWorkflowTaskQueue({
              namespace: 'default',
              taskQueue: { name: `${taskQueuePrefix}-cpu`, kind: 1 },
              identity: 'stuck-worker',
            }),
          )
          .catch(() => undefined),
      ),
    );
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const started = performance.now();
      const failure = await failureOf(api.caller().jobs.estimate({ spec: smallDistill() }));
      const tookSeconds = (performance.now() - started) / 1000;
      console.log(`stuck worker: ${failure.code} after ${tookSeconds.toFixed(1)} s: ${failure.message}`);
      expect(failure.code).toBe('SERVICE_UNAVAILABLE');
      expect(failure.message).toContain(
        `no worker on task queue ${taskQueuePrefix}-cpu answered within 15 s`,
      );
      expect(tookSeconds).toBeGreaterThan(14);
      expect(tookSeconds).toBeLessThan(21);
    } finally {
      stop.abort();
      await stuckPoll;
      await connection.close();
    }
  });
});
