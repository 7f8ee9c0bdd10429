// Unit tests of scorecard assembly: costs and comparisons land on the right candidates and the body passes the schema.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_TABLE, JobSpec } from '@distillery/schemas';
import type { CandidateMeasurement, CandidateModel } from '@distillery/workflows';
import { assembleScorecard } from './assemble.js';

const teacherId = `art_${'a'.repeat(16)}`;
const studentId = `art_${'b'.repeat(16)}`;

const spec = JobSpec.parse({
  kind: 'benchmark',
  models: [
    { type: 'registered', modelId: teacherId },
    { type: 'registered', modelId: studentId },
  ],
  dataset: { name: 'mnist' },
});

const measurement = (modelId: string, accuracy: number, throughputPerSec: number, sizeBytes: number): CandidateMeasurement => ({
  modelId,
  quality: { metric: 'accuracy', value: accuracy, accuracy },
  sizeBytes,
  params: sizeBytes / 4,
  latencyMs: { p50: 1, p95: 2, p99: 3 },
  throughputPerSec,
  throughputBatch: 64,
  peakMemoryBytes: 1024.4,
  backend: 'wasm',
  hardware: 'Test CPU × 2',
  datasetHash: 'd'.repeat(64),
  contentHash: modelId.slice(4).padEnd(64, '0'),
  wallSeconds: 3,
});

const candidates: CandidateModel[] = [
  { modelId: teacherId, name: 'teacher', role: 'baseline', trainingDeviceSeconds: 0 },
  { modelId: studentId, name: 'student', role: 'candidate', trainingDeviceSeconds: 0 },
];

describe('assembleScorecard', () => {
  it('compares every candidate with the first and names the best within budget', () => {
    const body = assembleScorecard({
      jobId: 'job_abcdefgh12',
      spec,
      createdAt: '2026-11-28T18:00:00.000Z',
      candidates,
      measurements: [measurement(teacherId, 0.98, 1000, 4_000_000), measurement(studentId, 0.975, 5200, 400_000)],
      costs: [
        { trainingCostUsd: 0, inferenceCostPerMillionUsd: 0.026 },
        { trainingCostUsd: 0, inferenceCostPerMillionUsd: 0.005 },
      ],
      priceTable: DEFAULT_PRICE_TABLE,
      device: 'cpu',
      codeVersion: 'git abc123',
      title: 'benchmark on mnist',
      seed: 42,
      maxRelativeDrop: 0.01,
      wallSeconds: { 'measure teacher': 3, 'measure student': 3 },
      estimatedCostUsd: 0.0001,
      measuredCostUsd: 0.00017,
    });
    expect(body.baselineId).toBe(teacherId);
    expect(body.candidates[0]!.vsBaseline.headline).toBe('baseline');
    expect(body.candidates[1]!.vsBaseline.inferenceCostRatio).toBeCloseTo(5.2, 9);
    expect(body.candidates[1]!.vsBaseline.sizeRatio).toBeCloseTo(10, 9);
    expect(body.headline).toBe('student: 5.2× cheaper to serve, 0.5 points worse');
    expect(body.verdict.bestCandidateId).toBe(studentId);
    expect(body.paretoFrontier).toEqual([teacherId, studentId]);
    expect(body.candidates[1]!.peakMemoryBytes).toBe(1024);
    expect(body.provenance.modelHashes[studentId]).toBe('b'.repeat(16).padEnd(64, '0'));
    expect(body.title).toBe('benchmark on mnist');
  });

  it('refuses measurements that do not match the candidates', () => {
    expect(() =>
      assembleScorecard({
        jobId: 'job_abcdefgh12',
        spec,
        createdAt: '2026-11-28T18:00:00.000Z',
        candidates,
        measurements: [measurement(teacherId, 0.98, 1000, 4_000_000)],
        costs: [{ trainingCostUsd: 0, inferenceCostPerMillionUsd: 1 }],
        priceTable: DEFAULT_PRICE_TABLE,
        device: 'cpu',
        codeVersion: 'x',
        title: 'x',
        seed: 42,
        maxRelativeDrop: 0.01,
        wallSeconds: {},
        estimatedCostUsd: 0,
        measuredCostUsd: 0,
      }),
    ).toThrow(/measurements: 1 measurements/);
  });
});
