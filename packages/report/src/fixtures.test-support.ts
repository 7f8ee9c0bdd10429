// Scorecards for the report tests: a classifier (teacher, distilled student, int8) and a character language model.
import { DEFAULT_PRICE_TABLE, JobSpec, Scorecard, type Candidate } from '@distillery/schemas';

export const ids = ['a', 'b', 'c'].map((ch) => `art_${ch.repeat(24)}`) as [string, string, string];

export function candidate(i: number, name: string, quality: Candidate['quality'], costPerM: number, sizeBytes: number): Candidate {
  return {
    modelId: ids[i] ?? ids[0],
    name,
    role: i === 0 ? 'baseline' : 'student',
    quality,
    sizeBytes,
    params: sizeBytes / 4,
    latencyMs: { p50: 1, p95: 1.5, p99: 2 },
    throughputPerSec: 1000,
    throughputBatch: 32,
    trainingDeviceSeconds: 10,
    trainingCostUsd: 0.001,
    inferenceCostPerMillionUsd: costPerM,
    vsBaseline: { qualityDelta: 0, inferenceCostRatio: 1, sizeRatio: 1, headline: i === 0 ? 'baseline' : 'cheaper' },
  };
}

/** A scorecard over the candidates, the first the baseline; each `vsBaseline` holds the figures the worker computes. */
export function card(candidates: Candidate[], frontier: string[]): Scorecard {
  const [baseline] = candidates;
  if (baseline) {
    for (const c of candidates.slice(1)) {
      c.vsBaseline = {
        qualityDelta: c.quality.value - baseline.quality.value,
        inferenceCostRatio: baseline.inferenceCostPerMillionUsd / c.inferenceCostPerMillionUsd,
        sizeRatio: baseline.sizeBytes / c.sizeBytes,
        headline: 'as the worker wrote it',
      };
    }
  }
  return Scorecard.parse({
    id: 'sc_0123456789abcdef0123',
    published: false,
    publishedAt: null,
    schemaVersion: 1,
    jobId: 'job_0123456789abcdef0123',
    title: 'Spam <distill> & "friends"',
    createdAt: '2026-11-28T12:00:00.000Z',
    baselineId: ids[0],
    candidates,
    paretoFrontier: frontier,
    verdict: { maxRelativeDrop: 0.01, bestCandidateId: ids[1], withinBudget: true, summary: 'student wins' },
    headline: 'student: 8× cheaper',
    provenance: {
      spec: JobSpec.parse({ kind: 'quantize', model: { type: 'registered', modelId: ids[0] }, calibration: { name: 'mnist' } }),
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
  });
}

export const classifier = card(
  [
    candidate(0, 'teacher', { metric: 'accuracy', value: 0.95, accuracy: 0.95 }, 0.05, 4_000_000),
    candidate(1, 'student <small> & fast', { metric: 'accuracy', value: 0.93, accuracy: 0.93 }, 0.002, 250_000),
    candidate(2, 'int8 | per-channel', { metric: 'accuracy', value: 0.9, accuracy: 0.9 }, 0.004, 1_000_000),
  ],
  [ids[0], ids[1]],
);


export const languageModel = card(
  [
    candidate(0, 'char-lstm', { metric: 'bits-per-char', value: -2.1, bitsPerChar: 2.1 }, 0.3, 800_000),
    candidate(1, 'tiny', { metric: 'bits-per-char', value: -2.4, bitsPerChar: 2.4 }, 0.1, 100_000),
    candidate(2, 'distilled', { metric: 'bits-per-char', value: -1.79, bitsPerChar: 1.79 }, 0.15, 200_000),
  ],
  [ids[0], ids[1], ids[2]],
);
