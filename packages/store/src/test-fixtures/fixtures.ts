// Valid specs and scorecard bodies for store tests, parsed through the shared schemas so they stay in step.
import { DEFAULT_PRICE_TABLE, JobSpec, ScorecardBody } from '@distillery/schemas';

export function benchmarkSpec(name?: string): JobSpec {
  return JobSpec.parse({
    kind: 'benchmark',
    name,
    models: [{ type: 'recipe', arch: { family: 'mlp', hidden: [16] }, train: { epochs: 1 } }],
    dataset: { name: 'mnist', testLimit: 100 },
  });
}

export function quantizeSpec(): JobSpec {
  return JobSpec.parse({
    kind: 'quantize',
    model: { type: 'registered', modelId: 'art_0123456789abcdef0123' },
    calibration: { name: 'mnist' },
  });
}

export function scorecardBody(jobId: string, accuracy = 0.97): ScorecardBody {
  const spec = benchmarkSpec();
  const modelId = 'art_aaaaaaaaaaaaaaaaaaaaaaaa';
  return ScorecardBody.parse({
    schemaVersion: 1,
    jobId,
    title: 'MLP on MNIST',
    createdAt: '2026-11-28T12:00:00.000Z',
    baselineId: modelId,
    candidates: [
      {
        modelId,
        name: 'baseline mlp',
        role: 'baseline',
        quality: { metric: 'accuracy', value: accuracy, accuracy },
        sizeBytes: 1000,
        params: 250,
        latencyMs: { p50: 1, p95: 2, p99: 3 },
        throughputPerSec: 1000,
        throughputBatch: 64,
        trainingDeviceSeconds: 10,
        trainingCostUsd: 0.0003,
        inferenceCostPerMillionUsd: 0.028,
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
    headline: `baseline at ${accuracy} accuracy`,
    provenance: {
      spec,
      datasetHash: 'd'.repeat(64),
      modelHashes: { [modelId]: 'a'.repeat(64) },
      codeVersion: 'test',
      backend: 'cpu',
      device: 'cpu',
      hardware: 'test machine',
      seed: 42,
      priceTable: DEFAULT_PRICE_TABLE,
      wallSeconds: { total: 10 },
      estimatedCostUsd: 0.0003,
      measuredCostUsd: 0.0003,
    },
  });
}
