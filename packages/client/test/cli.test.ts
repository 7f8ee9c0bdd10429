// The distillery CLI against a real API, Temporal dev server and SQLite file. A second store connection plays the
// worker, writing events and the scorecard into the same file as a real worker process does.
import { DEFAULT_PRICE_TABLE, ScorecardBody, type Job, type Scorecard } from '@distillery/schemas';
import { createSqliteStore, type Store } from '@distillery/store';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { repoRoot, startStack, type Stack } from './stack.js';

let stack: Stack;
let workerStore: Store;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  stack = await startStack({ temporalPort: 7330, apiPort: 4130 });
  workerStore = createSqliteStore({ dataDir: stack.dataDir });
  // The token comes from <DISTILLERY_DATA_DIR>/admin-token, written by the API on its first run.
  env = { DISTILLERY_API_URL: stack.api.url, DISTILLERY_DATA_DIR: stack.dataDir };
});
afterAll(async () => {
  await workerStore?.close();
  await stack?.stop();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (out += t), isTTY: false },
    stderr: { write: (t: string) => (err += t) },
    env,
    cwd: stack.dataDir,
  });
  return { code, out, err };
}

function writeSpec(name: string, body: string): string {
  const file = path.join(stack.dataDir, name);
  writeFileSync(file, body);
  return file;
}

const SPEC_YAML = `kind: benchmark
name: cli benchmark
models:
  - type: recipe
    arch: { family: mlp, hidden: [8] }
    train: { epochs: 1, maxSteps: 3 }
dataset: { name: mnist, testLimit: 50 }
`;

async function submitted(): Promise<string> {
  const { code, out } = await cli('submit', writeSpec('spec.yaml', SPEC_YAML));
  expect(code).toBe(0);
  return out.trim();
}

function scorecardFor(job: Job): ScorecardBody {
  const modelId = 'art_cccccccccccccccccccccccc';
  return ScorecardBody.parse({
    schemaVersion: 1,
    jobId: job.id,
    title: 'cli benchmark',
    createdAt: new Date().toISOString(),
    baselineId: modelId,
    candidates: [
      {
        modelId,
        name: 'mlp-8',
        role: 'baseline',
        quality: { metric: 'accuracy', value: 0.84, accuracy: 0.84 },
        sizeBytes: 25_000,
        params: 6_370,
        latencyMs: { p50: 0.2, p95: 0.3, p99: 0.4 },
        throughputPerSec: 50_000,
        throughputBatch: 64,
        trainingDeviceSeconds: 1,
        trainingCostUsd: 0.000028,
        inferenceCostPerMillionUsd: 0.00056,
        vsBaseline: { qualityDelta: 0, inferenceCostRatio: 1, sizeRatio: 1, headline: 'baseline' },
      },
    ],
    paretoFrontier: [modelId],
    verdict: {
      maxRelativeDrop: 0.01,
      bestCandidateId: modelId,
      withinBudget: true,
      summary: 'one candidate',
    },
    headline: 'mlp-8: 84.0% accuracy at $0.00056 per 1M samples',
    provenance: {
      spec: job.spec,
      datasetHash: 'a'.repeat(64),
      modelHashes: {},
      codeVersion: 'test',
      backend: 'cpu',
      device: 'cpu',
      hardware: 'test',
      seed: 42,
      priceTable: DEFAULT_PRICE_TABLE,
      wallSeconds: { total: 1 },
      estimatedCostUsd: 0.00003,
      measuredCostUsd: 0.000028,
    },
  });
}

describe('distillery CLI', () => {
  it('submits a YAML spec, then gets, lists, cancels and retries the job', async () => {
    const id = await submitted();
    expect(id).toMatch(/^job_[a-f0-9]{24}$/);

    const got = await cli('get', id);
    expect(got.out).toMatch(/status:\s+queued/);
    expect(got.out).toContain('name:            cli benchmark');
    const listed = await cli('list', '--status', 'queued', '--kind', 'benchmark');
    expect(listed.out.split('\n')[0]).toMatch(/^ID\s+KIND\s+STATUS/);
    expect(listed.out).toContain(id);
    expect((await cli('list', '--status', 'running')).out.trim()).toBe('no jobs');

    const cancelled = await cli('cancel', id);
    expect(cancelled).toMatchObject({ code: 0, out: `${id} cancelled\n` });
    const retried = await cli('retry', id);
    expect(retried.code).toBe(0);
    const retryId = retried.out.trim();
    expect(JSON.parse((await cli('get', retryId, '--json')).out)).toMatchObject({
      retryOf: id,
      status: 'queued',
    });
  });

  it('returns the same job id for a repeated --idempotency-key', async () => {
    const file = writeSpec('idem.yaml', SPEC_YAML);
    const a = await cli('submit', file, '--idempotency-key', 'cli-run-1');
    const b = await cli('submit', file, '--idempotency-key', 'cli-run-1');
    expect(a.code).toBe(0);
    expect(b.out).toBe(a.out);
  });

  it('rejects a bad spec file with each field path and line, exit 2, and records nothing', async () => {
    const before = (await workerStore.listJobs({ limit: 200 })).items.length;
    const bad = await cli(
      'submit',
      writeSpec('bad.yaml', SPEC_YAML.replace('epochs: 1', 'epochs: 0').replace('mnist', 'MNIST')),
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('models.0.train.epochs (line 6): Too small: expected number to be >=1');
    expect(bad.err).toMatch(/dataset\.name \(line 7\): must use lowercase/);
    expect((await workerStore.listJobs({ limit: 200 })).items.length).toBe(before);
  });

  it('follows a job with progress lines to success and prints the scorecard headline', async () => {
    const id = await submitted();
    const watching = cli('watch', id);
    await workerStore.updateJob(id, { status: 'running', startedAt: new Date().toISOString() });
    await workerStore.appendEvent(id, { type: 'status', status: 'running' });
    for (let step = 1; step <= 4; step++) {
      await workerStore.appendEvent(id, {
        type: 'progress',
        stage: 'benchmark',
        step,
        total: 4,
        loss: 1 / step,
      });
      await new Promise((r) => setTimeout(r, 100));
    }
    const job = (await workerStore.getJob(id))!;
    const card = await workerStore.putScorecard(scorecardFor(job));
    await workerStore.updateJob(id, {
      status: 'succeeded',
      scorecardId: card.id,
      finishedAt: new Date().toISOString(),
    });
    await workerStore.appendEvent(id, { type: 'status', status: 'succeeded' });

    const { code, out } = await watching;
    expect(code).toBe(0);
    expect(out).toContain('status running');
    expect(out).toMatch(/\[#{24}\] 100% {2}benchmark {2}step 4\/4 {2}loss 0\.2500/);
    expect(out).toContain(`job ${id} succeeded`);
    expect(out).toContain(`scorecard ${card.id}: mlp-8: 84.0% accuracy at $0.00056 per 1M samples`);

    const asJson = JSON.parse((await cli('scorecard', id, '--json')).out) as Scorecard;
    expect(asJson).toMatchObject({ id: card.id, jobId: id, headline: card.headline });
    const md = (await cli('scorecard', id, '--md')).out;
    expect(md.startsWith('# cli benchmark\n\n**mlp-8: 84.0% accuracy')).toBe(true);
    expect(md).toContain('| mlp-8 (baseline) * | baseline | 84.00% acc |');
    const svg = (await cli('scorecard', id, '--svg')).out;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(card.candidates.length);
    expect((await cli('scorecard', id, '--svg', '--md')).code).toBe(2);
  });

  it('exits 1 with the reason when the job fails', async () => {
    const id = await submitted();
    const watching = cli('watch', id);
    await workerStore.updateJob(id, {
      status: 'failed',
      error: 'dataset "mnist" could not be read',
      finishedAt: new Date().toISOString(),
    });
    await workerStore.appendEvent(id, {
      type: 'status',
      status: 'failed',
      message: 'dataset "mnist" could not be read',
    });
    const { code, out } = await watching;
    expect(code).toBe(1);
    expect(out).toContain(`job ${id} failed after`);
    expect(out).toContain('dataset "mnist" could not be read');
  });

  it('explains API refusals and usage errors', async () => {
    const unknown = await cli('get', 'job_000000000000000000000000');
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.err).toMatch(/^error: NOT_FOUND: job job_0{24} not found/);
    let noTokenErr = '';
    const noToken = await runCli(['list'], {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (noTokenErr += t) },
      env: { DISTILLERY_API_URL: stack.api.url, DISTILLERY_DATA_DIR: '/nonexistent' },
      cwd: stack.dataDir,
    });
    expect(noToken).toBe(1);
    expect(noTokenErr).toMatch(/UNAUTHORIZED: a bearer token is required[\s\S]*token from none/);
    expect((await cli('list', '--status', 'done')).err).toMatch(
      /--status must be one of queued, running, succeeded, failed, cancelled/,
    );
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('submit', '--preset', 'no-such-preset')).err).toMatch(
      /unknown preset "no-such-preset" \(known: /,
    );
  });

  it('creates a token whose secret works for the next call', async () => {
    const { code, out } = await cli('token', 'create', 'laptop');
    expect(code).toBe(0);
    const secret = out.trim().split('\n').pop()!;
    expect(secret).toMatch(/^dst_/);
    const withToken = await runCli(['list', '--limit', '1'], {
      stdout: { write: () => true },
      stderr: { write: () => true },
      env: {
        DISTILLERY_API_URL: stack.api.url,
        DISTILLERY_TOKEN: secret,
        DISTILLERY_DATA_DIR: '/nonexistent',
      },
      cwd: stack.dataDir,
    });
    expect(withToken).toBe(0);
  });

  it('runs as the installed `distillery` bin', async () => {
    const id = await submitted();
    const { stdout } = await promisify(execFile)(
      'node',
      [path.join(repoRoot, 'packages/client/bin/distillery.js'), 'get', id],
      {
        env: { ...process.env, ...env },
        cwd: repoRoot,
      },
    );
    expect(stdout).toMatch(/status:\s+queued/);
  });
});
