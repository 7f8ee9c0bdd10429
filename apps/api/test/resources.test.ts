// scorecards and models through the router (in-process caller), model downloads, /health and CORS over real HTTP;
// scorecards and models are written to the store as the worker would.
import { DEFAULT_PRICE_TABLE, JobSpec, ScorecardBody, type Scorecard } from '@distillery/schemas';
import { createSqliteStore, type Store } from '@distillery/store';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SECRET, codeOf, startTestApi, type TestApi } from './helpers/api.js';
import { startTemporalDevServer, type TemporalDevServer } from './helpers/temporal-dev-server.js';
import { benchmarkSpec } from './fixtures.js';

let temporal: TemporalDevServer;
let api: TestApi;
let workerStore: Store;

beforeAll(async () => {
  temporal = await startTemporalDevServer(7320);
  api = await startTestApi({ port: 4120, temporalAddress: temporal.address });
  workerStore = createSqliteStore({ dataDir: api.dataDir });
});
afterAll(async () => {
  await workerStore?.close();
  await api?.stop();
  await temporal?.stop();
});

function scorecardBody(jobId: string, modelId: string): ScorecardBody {
  return ScorecardBody.parse({
    schemaVersion: 1,
    jobId,
    title: 'tiny benchmark',
    createdAt: new Date().toISOString(),
    baselineId: modelId,
    candidates: [
      {
        modelId,
        name: 'mlp',
        role: 'baseline',
        quality: { metric: 'accuracy', value: 0.91, accuracy: 0.91 },
        sizeBytes: 4096,
        params: 1000,
        latencyMs: { p50: 0.5, p95: 0.8, p99: 1.1 },
        throughputPerSec: 20_000,
        throughputBatch: 32,
        trainingDeviceSeconds: 3,
        trainingCostUsd: 0.000084,
        inferenceCostPerMillionUsd: 0.0014,
        vsBaseline: { qualityDelta: 0, inferenceCostRatio: 1, sizeRatio: 1, headline: 'baseline' },
      },
    ],
    paretoFrontier: [modelId],
    verdict: {
      maxRelativeDrop: 0.01,
      bestCandidateId: modelId,
      withinBudget: true,
      summary: 'baseline only',
    },
    headline: 'mlp: 91.0% accuracy at $0.0014 per 1M samples',
    provenance: {
      spec: JobSpec.parse(benchmarkSpec()),
      datasetHash: 'e'.repeat(64),
      modelHashes: { [modelId]: 'f'.repeat(64) },
      codeVersion: 'test',
      backend: 'cpu',
      device: 'cpu',
      hardware: 'test',
      seed: 42,
      priceTable: DEFAULT_PRICE_TABLE,
      wallSeconds: { total: 3 },
      estimatedCostUsd: 0.0001,
      measuredCostUsd: 0.000084,
    },
  });
}

async function importModel(): Promise<{ id: string; weights: Buffer }> {
  const dir = path.join(api.dataDir, 'incoming-model');
  mkdirSync(path.join(dir), { recursive: true });
  const weights = Buffer.from(new Float32Array([0.5, -1.25, 3, 7]).buffer);
  writeFileSync(
    path.join(dir, 'model.json'),
    JSON.stringify({ format: 'layers-model', weightsManifest: [{ paths: ['group1-shard1of1.bin'] }] }),
  );
  writeFileSync(path.join(dir, 'group1-shard1of1.bin'), weights);
  const art = await workerStore.importArtifact(
    { kind: 'model', name: 'tiny mlp', role: 'baseline', family: 'mlp', params: 4 },
    dir,
  );
  return { id: art.id, weights };
}

describe('scorecards', () => {
  it('are private until published, then readable with no token; publishing is idempotent', async () => {
    const admin = api.caller();
    const anonymous = api.caller(null);
    const job = await admin.jobs.submit({ spec: benchmarkSpec('scored') });
    const card = await workerStore.putScorecard(scorecardBody(job.id, 'art_aaaaaaaaaaaaaaaaaaaaaaaa'));

    expect(await codeOf(anonymous.scorecards.get({ id: card.id }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.scorecards.list({}))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.scorecards.publish({ id: card.id }))).toBe('UNAUTHORIZED');
    expect((await admin.scorecards.getByJob({ id: job.id })).id).toBe(card.id);
    expect((await anonymous.scorecards.list({ publishedOnly: true })).items).toEqual([]);

    const published: Scorecard = await admin.scorecards.publish({ id: card.id });
    expect(published).toMatchObject({ id: card.id, published: true, headline: card.headline });
    const again = await admin.scorecards.publish({ id: card.id });
    expect(again.publishedAt).toBe(published.publishedAt);

    const publicRead = await anonymous.scorecards.get({ id: card.id });
    expect(publicRead.candidates[0]?.quality.accuracy).toBeCloseTo(0.91, 6);
    expect((await anonymous.scorecards.list({ publishedOnly: true })).items.map((s) => s.id)).toEqual([
      card.id,
    ]);
    expect(await codeOf(admin.scorecards.get({ id: 'sc_000000000000000000000000' }))).toBe('NOT_FOUND');
    expect(await codeOf(admin.scorecards.publish({ id: 'sc_000000000000000000000000' }))).toBe(
      'NOT_FOUND',
    );
  });
});

describe('models', () => {
  it('lists registered models and serves their files to token holders only', async () => {
    const { id, weights } = await importModel();
    const admin = api.caller();
    const listed = await admin.models.list({});
    expect(listed.items.map((m) => m.id)).toContain(id);
    const model = await admin.models.get({ id });
    expect(model.files.map((f) => f.path)).toEqual(['group1-shard1of1.bin', 'model.json']);

    const auth = { authorization: `Bearer ${ADMIN_SECRET}` };
    const shard = await fetch(`${api.url}/models/${id}/group1-shard1of1.bin`, { headers: auth });
    expect(shard.status).toBe(200);
    expect(Buffer.from(await shard.arrayBuffer()).equals(weights)).toBe(true);
    const manifest = await fetch(`${api.url}/models/${id}/model.json`, { headers: auth });
    expect(manifest.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await manifest.json()) as { format: string }).format).toBe('layers-model');

    expect((await fetch(`${api.url}/models/${id}/model.json`)).status).toBe(401);
    expect((await fetch(`${api.url}/models/${id}/missing.bin`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${api.url}/models/${id}/..%2F..%2Fdistillery.db`, { headers: auth })).status).toBe(
      400,
    );
  });
});

describe('plain HTTP', () => {
  it('reports store and Temporal healthy on /health', async () => {
    const res = await fetch(`${api.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, store: { ok: true }, temporal: { ok: true } });
  });

  it('answers CORS preflights for the console origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}/trpc/jobs.list`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight('http://localhost:3000');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await preflight('http://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
