// GET /scorecards/<id>.json|.md|.svg over real HTTP: token needed until published, then readable by anyone.
import { DEFAULT_PRICE_TABLE, JobSpec, Scorecard, ScorecardBody } from '@distillery/schemas';
import { createSqliteStore, type Store } from '@distillery/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SECRET, startTestApi, type TestApi } from './helpers/api.js';
import { benchmarkSpec } from './fixtures.js';

let api: TestApi;
let workerStore: Store;

beforeAll(async () => {
  // Exports never touch Temporal; nothing listens on 4269 (inside this suite's reserved range).
  api = await startTestApi({ port: 4260, temporalAddress: '127.0.0.1:4269' });
  workerStore = createSqliteStore({ dataDir: api.dataDir });
});
afterAll(async () => {
  await workerStore?.close();
  await api?.stop();
});

const teacher = 'art_aaaaaaaaaaaaaaaaaaaaaaaa';
const student = 'art_bbbbbbbbbbbbbbbbbbbbbbbb';

function candidate(modelId: string, name: string, accuracy: number, costPerM: number, sizeBytes: number) {
  return {
    modelId,
    name,
    role: modelId === teacher ? 'baseline' : 'student',
    quality: { metric: 'accuracy', value: accuracy, accuracy },
    sizeBytes,
    params: sizeBytes / 4,
    latencyMs: { p50: 0.5, p95: 0.8, p99: 1.1 },
    throughputPerSec: 20_000,
    throughputBatch: 32,
    trainingDeviceSeconds: 3,
    trainingCostUsd: 0.000084,
    inferenceCostPerMillionUsd: costPerM,
    vsBaseline: { qualityDelta: 0, inferenceCostRatio: 1, sizeRatio: 1, headline: 'baseline' },
  };
}

function scorecardBody(jobId: string): ScorecardBody {
  return ScorecardBody.parse({
    schemaVersion: 1,
    jobId,
    title: 'spam <distilled>',
    createdAt: new Date().toISOString(),
    baselineId: teacher,
    candidates: [
      candidate(teacher, 'teacher', 0.95, 0.02, 4_000_000),
      candidate(student, 'student & co', 0.93, 0.0014, 200_000),
    ],
    paretoFrontier: [teacher, student],
    verdict: { maxRelativeDrop: 0.03, bestCandidateId: student, withinBudget: true, summary: 'student wins' },
    headline: 'student: 14× cheaper to serve, −2 points accuracy',
    provenance: {
      spec: JobSpec.parse(benchmarkSpec()),
      datasetHash: 'e'.repeat(64),
      modelHashes: {},
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

async function get(path: string, token: string | null = null) {
  const res = await fetch(`${api.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('scorecard exports', () => {
  it('needs a token until published, then serves JSON, Markdown and SVG to anyone', async () => {
    const job = await workerStore.createJob({ id: 'job_00000000000000000000e4e4', spec: JobSpec.parse(benchmarkSpec()) });
    const card = await workerStore.putScorecard(scorecardBody(job.id));

    for (const ext of ['json', 'md', 'svg']) {
      const anon = await get(`/scorecards/${card.id}.${ext}`);
      expect(anon.status, ext).toBe(401);
      expect(anon.text).toContain('bearer token');
      expect((await get(`/scorecards/${card.id}.${ext}`, 'dst_not-a-real-token-000000')).status).toBe(401);
    }
    const authed = await get(`/scorecards/${card.id}.md`, ADMIN_SECRET);
    expect(authed.status).toBe(200);
    expect(authed.text.startsWith('# spam <distilled>\n')).toBe(true);

    await api.client().scorecards.publish.mutate({ id: card.id });

    const json = await get(`/scorecards/${card.id}.json`);
    expect(json.status).toBe(200);
    expect(json.type).toBe('application/json; charset=utf-8');
    const parsed = Scorecard.parse(JSON.parse(json.text));
    expect(parsed).toMatchObject({ id: card.id, published: true, jobId: job.id });
    expect(parsed.candidates).toHaveLength(2);

    const md = await get(`/scorecards/${card.id}.md`);
    expect(md.status).toBe(200);
    expect(md.type).toBe('text/markdown; charset=utf-8');
    expect(md.text).toContain('| teacher (baseline) * | baseline | 95.00% acc |');
    expect(md.text).toContain('| student & co * | student | 93.00% acc |');

    const svg = await get(`/scorecards/${card.id}.svg`);
    expect(svg.status).toBe(200);
    expect(svg.type).toBe('image/svg+xml; charset=utf-8');
    expect(svg.text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.text.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.text.match(/<circle /g)).toHaveLength(2);
    expect(svg.text).toContain('<title>spam &lt;distilled&gt;: quality against inference cost</title>');
    expect(svg.text).toContain('>student &amp; co</text>');
    // 0.0014 to 0.02 spans 14×: a log-scale cost axis.
    expect(svg.text).toContain('log scale');
  });

  it('answers 404 for an unknown id with a token, 401 without, and 400 for a bad path', async () => {
    const unknown = '/scorecards/sc_ffffffffffffffffffffffff.svg';
    expect((await get(unknown, ADMIN_SECRET)).status).toBe(404);
    expect((await get(unknown)).status).toBe(401);
    const bad = await get('/scorecards/sc_ffffffffffffffffffffffff.pdf', ADMIN_SECRET);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('.json, .md or .svg');
  });
});
