// CLI text: durations, money, job tables and scorecards as text and Markdown.
import { scorecardMarkdown } from '@distillery/report';
import { DEFAULT_PRICE_TABLE, JobSpec, type Job, type Scorecard } from '@distillery/schemas';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatJobDetail, formatJobTable, formatScorecardText } from './format.js';

const spec = JobSpec.parse({
  kind: 'quantize',
  model: { type: 'registered', modelId: 'art_0123456789abcdef0123' },
  calibration: { name: 'mnist' },
});

const job: Job = {
  id: 'job_0123456789abcdef01234567',
  kind: 'quantize',
  name: 'int8 mnist',
  spec,
  status: 'running',
  device: 'cpu',
  progress: { step: 30, total: 120, stage: 'calibrate' },
  error: null,
  retryOf: null,
  idempotencyKey: null,
  scorecardId: null,
  costUsd: 0.00042,
  createdAt: '2026-11-28T12:00:00.000Z',
  updatedAt: '2026-11-28T12:00:05.000Z',
  startedAt: '2026-11-28T12:00:01.000Z',
  finishedAt: null,
};

const teacher = 'art_aaaaaaaaaaaaaaaaaaaaaaaa';
const int8 = 'art_bbbbbbbbbbbbbbbbbbbbbbbb';
const card: Scorecard = {
  id: 'sc_0123456789abcdef01234567',
  published: true,
  publishedAt: '2026-11-28T13:00:00.000Z',
  schemaVersion: 1,
  jobId: job.id,
  title: 'MNIST int8',
  createdAt: '2026-11-28T12:30:00.000Z',
  baselineId: teacher,
  candidates: [
    {
      modelId: teacher,
      name: 'float32',
      role: 'baseline',
      quality: { metric: 'accuracy', value: 0.981, accuracy: 0.981 },
      sizeBytes: 2_000_000,
      params: 500_000,
      latencyMs: { p50: 1.5, p95: 2, p99: 3.25 },
      throughputPerSec: 10_000,
      throughputBatch: 64,
      trainingDeviceSeconds: 0,
      trainingCostUsd: 0,
      inferenceCostPerMillionUsd: 0.0028,
      vsBaseline: { qualityDelta: 0, inferenceCostRatio: 1, sizeRatio: 1, headline: 'baseline' },
    },
    {
      modelId: int8,
      name: 'int8 | per-channel',
      role: 'quantized',
      quality: { metric: 'accuracy', value: 0.978, accuracy: 0.978 },
      sizeBytes: 500_000,
      params: 500_000,
      latencyMs: { p50: 1.2, p95: 1.5, p99: 2 },
      throughputPerSec: 12_500,
      throughputBatch: 64,
      trainingDeviceSeconds: 5,
      trainingCostUsd: 0.00014,
      inferenceCostPerMillionUsd: 0.00224,
      vsBaseline: {
        qualityDelta: -0.003,
        inferenceCostRatio: 1.25,
        sizeRatio: 4,
        headline: '1.25× cheaper to serve, −0.3 points',
      },
    },
  ],
  paretoFrontier: [teacher, int8],
  verdict: {
    maxRelativeDrop: 0.01,
    bestCandidateId: int8,
    withinBudget: true,
    summary: 'int8 is within 1% and 1.25× cheaper',
  },
  headline: 'int8: 4× smaller, 1.25× cheaper to serve, −0.3 points accuracy',
  provenance: {
    spec,
    datasetHash: 'd'.repeat(64),
    modelHashes: {},
    codeVersion: 'abc1234',
    backend: 'tensorflow',
    device: 'cpu',
    hardware: '2 vCPU',
    seed: 42,
    priceTable: DEFAULT_PRICE_TABLE,
    wallSeconds: { total: 12 },
    estimatedCostUsd: 0.0002,
    measuredCostUsd: 0.00014,
  },
};

describe('durations', () => {
  it('are compact in the CLI', () => {
    expect([formatDuration(5.4), formatDuration(95), formatDuration(3600 * 2 + 60 * 5), formatDuration(-1)]).toEqual([
      '5s',
      '1m35s',
      '2h05m',
      '—',
    ]);
  });
});

describe('jobs', () => {
  it('lists jobs as aligned columns with their progress', () => {
    const lines = formatJobTable([job]).split('\n');
    expect(lines[0]).toMatch(/^ID\s+KIND\s+STATUS\s+CREATED\s+PROGRESS\s+NAME$/);
    expect(lines[1]).toContain(
      'job_0123456789abcdef01234567  quantize  running  2026-11-28 12:00:00  calibrate 30/120',
    );
    expect(formatJobTable([])).toBe('no jobs');
  });

  it('shows a job’s details without empty fields', () => {
    const text = formatJobDetail(job);
    expect(text).toContain('status:          running');
    expect(text).toContain('cost:            $0.00042');
    expect(text).not.toContain('error:');
  });
});

describe('scorecards', () => {
  it('prints the headline, verdict and one row per candidate', () => {
    const text = formatScorecardText(card);
    expect(text.split('\n').slice(0, 3)).toEqual([
      'MNIST int8  (sc_0123456789abcdef01234567, published)',
      card.headline,
      'verdict: int8 is within 1% and 1.25× cheaper',
    ]);
    expect(text).toMatch(/float32 \(baseline\) \*\s+baseline\s+98\.10% acc/);
    // The vs-baseline column says which way quality moved, from the figures rather than the stored wording.
    expect(text).toMatch(/int8 \| per-channel \*\s+quantized\s+97\.80% acc\s+488 KiB\s.*1\.3× cheaper to serve, 0\.3 points worse$/m);
    expect(text).toContain('cost: estimated $0.00020, measured $0.00014');
  });

  it('renders Markdown with an escaped table and provenance', () => {
    const md = scorecardMarkdown(card);
    expect(md.startsWith('# MNIST int8\n\n**int8: 4× smaller')).toBe(true);
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(3);
    expect(rows[2]).toContain('int8 \\| per-channel *');
    expect(rows[2]).toContain('97.80% acc');
    expect(md).toContain('- code version: `abc1234`; backend tensorflow on cpu (2 vCPU); seed 42');
  });
});
