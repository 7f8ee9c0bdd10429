// Assembles a ScorecardBody from measured candidates: costs in, comparisons, frontier, verdict and provenance out.
import { SCORECARD_SCHEMA_VERSION, ScorecardBody } from '@distillery/schemas';
import type { Backend, Candidate, Device, JobSpec, PriceTable } from '@distillery/schemas';
import type { CandidateMeasurement, CandidateModel } from '@distillery/workflows';
import { compareToBaseline, paretoFrontier, verdictFor, type ComparablePoint } from './compare.js';

export interface CandidateCosts {
  trainingCostUsd: number;
  inferenceCostPerMillionUsd: number;
}

export interface AssembleInput {
  jobId: string;
  spec: JobSpec;
  createdAt: string;
  candidates: readonly CandidateModel[];
  measurements: readonly CandidateMeasurement[];
  /** Costs per candidate, in candidate order, computed from the price table by the caller. */
  costs: readonly CandidateCosts[];
  priceTable: PriceTable;
  device: Device;
  codeVersion: string;
  /** The job plan's scorecard title. */
  title: string;
  seed: number;
  /** The job plan's quality budget: how much worse than the baseline a candidate may be. */
  maxRelativeDrop: number;
  wallSeconds: Record<string, number>;
  estimatedCostUsd: number;
  measuredCostUsd: number;
}

export function assembleScorecard(input: AssembleInput): ScorecardBody {
  const { candidates, measurements, costs } = input;
  if (candidates.length === 0) throw new Error('candidates: a scorecard needs at least one model');
  if (measurements.length !== candidates.length || costs.length !== candidates.length) {
    throw new Error(`measurements: ${measurements.length} measurements and ${costs.length} costs for ${candidates.length} candidates`);
  }
  const points: ComparablePoint[] = candidates.map((c, i) => ({
    modelId: c.modelId,
    name: c.name,
    quality: measurements[i]!.quality,
    sizeBytes: measurements[i]!.sizeBytes,
    inferenceCostPerMillionUsd: costs[i]!.inferenceCostPerMillionUsd,
  }));
  const baseline = points[0]!;
  const scored: Candidate[] = candidates.map((c, i) => {
    const m = measurements[i]!;
    return {
      modelId: c.modelId,
      name: c.name,
      role: c.role,
      quality: m.quality,
      sizeBytes: m.sizeBytes,
      params: m.params,
      latencyMs: m.latencyMs,
      throughputPerSec: m.throughputPerSec,
      throughputBatch: m.throughputBatch,
      ...(m.peakMemoryBytes === undefined ? {} : { peakMemoryBytes: Math.round(m.peakMemoryBytes) }),
      trainingDeviceSeconds: c.trainingDeviceSeconds,
      trainingCostUsd: costs[i]!.trainingCostUsd,
      inferenceCostPerMillionUsd: costs[i]!.inferenceCostPerMillionUsd,
      vsBaseline: compareToBaseline(points[i]!, baseline),
    };
  });
  const verdict = verdictFor(points, baseline, input.maxRelativeDrop);
  const best = scored.find((c) => c.modelId === verdict.bestCandidateId);
  const first = measurements[0]!;
  const body = {
    schemaVersion: SCORECARD_SCHEMA_VERSION,
    jobId: input.jobId,
    title: input.title,
    createdAt: input.createdAt,
    baselineId: baseline.modelId,
    candidates: scored,
    paretoFrontier: paretoFrontier(points),
    verdict,
    headline: (best ? `${best.name}: ${best.vsBaseline.headline}` : verdict.summary).slice(0, 300),
    provenance: {
      spec: input.spec,
      datasetHash: first.datasetHash,
      modelHashes: Object.fromEntries(measurements.map((m) => [m.modelId, m.contentHash])),
      codeVersion: input.codeVersion,
      backend: first.backend as Backend,
      device: input.device,
      hardware: first.hardware.slice(0, 300),
      seed: input.seed,
      priceTable: input.priceTable,
      wallSeconds: input.wallSeconds,
      estimatedCostUsd: input.estimatedCostUsd,
      measuredCostUsd: input.measuredCostUsd,
    },
  };
  // Parsing catches a measurement outside the schema's bounds here, with the field named, not in a reader later.
  return ScorecardBody.parse(body);
}
