// Pure scorecard math: ratios to the baseline, headline text, the Pareto frontier and the verdict against a budget.
import { baselineComparisonText, qualityDeltaPhrase } from '@distillery/report';
import type { Quality } from '@distillery/schemas';

/** The figures of one measured candidate that the comparisons need. */
export interface ComparablePoint {
  modelId: string;
  name: string;
  quality: Quality;
  sizeBytes: number;
  inferenceCostPerMillionUsd: number;
}

export interface BaselineComparison {
  /** Candidate minus baseline on the task metric (accuracy as a fraction; minus bits per char for language models). */
  qualityDelta: number;
  /** Baseline's serving cost over the candidate's: 5.2 reads "5.2× cheaper to serve". */
  inferenceCostRatio: number;
  /** Baseline's size over the candidate's: 4 reads "4× smaller". */
  sizeRatio: number;
  headline: string;
}

/** Smallest cost used as a divisor, so a free candidate gives a large finite ratio instead of Infinity. */
const MIN_COST_USD = 1e-12;

export function compareToBaseline(candidate: ComparablePoint, baseline: ComparablePoint): BaselineComparison {
  if (candidate.modelId === baseline.modelId) {
    return { qualityDelta: 0, inferenceCostRatio: 1, sizeRatio: 1, headline: 'baseline' };
  }
  const qualityDelta = candidate.quality.value - baseline.quality.value;
  const inferenceCostRatio =
    baseline.inferenceCostPerMillionUsd / Math.max(candidate.inferenceCostPerMillionUsd, MIN_COST_USD);
  const sizeRatio = baseline.sizeBytes / Math.max(candidate.sizeBytes, 1);
  // Worded as every export words it ("5.2× cheaper to serve, 0.4 points worse"), whatever the metric's direction.
  const headline = baselineComparisonText(candidate.quality.metric, { qualityDelta, inferenceCostRatio });
  return { qualityDelta, inferenceCostRatio, sizeRatio, headline };
}

/**
 * Relative quality loss against the baseline: 0.01 means 1% worse. Works for accuracy and for minus bits per char,
 * since both are higher-is-better; negative means the candidate is better.
 */
export function relativeDrop(candidate: Quality, baseline: Quality): number {
  const scale = Math.abs(baseline.value);
  if (scale === 0) return candidate.value >= baseline.value ? 0 : Infinity;
  return (baseline.value - candidate.value) / scale;
}

/**
 * Ids of the candidates no other candidate beats on both quality (higher) and serving cost (lower),
 * in input order. Exact duplicates are all kept.
 */
export function paretoFrontier(points: readonly ComparablePoint[]): string[] {
  return points
    .filter(
      (p) =>
        !points.some(
          (q) =>
            q !== p &&
            q.quality.value >= p.quality.value &&
            q.inferenceCostPerMillionUsd <= p.inferenceCostPerMillionUsd &&
            (q.quality.value > p.quality.value || q.inferenceCostPerMillionUsd < p.inferenceCostPerMillionUsd),
        ),
    )
    .map((p) => p.modelId);
}

export interface Verdict {
  maxRelativeDrop: number;
  bestCandidateId: string | null;
  withinBudget: boolean;
  summary: string;
}

function percentText(fraction: number): string {
  const pct = fraction * 100;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/**
 * The cheapest-to-serve candidate (not the baseline) whose quality stays within `maxRelativeDrop` of the baseline's;
 * ties go to the better quality. None qualifying is a verdict too, naming the closest miss.
 */
export function verdictFor(points: readonly ComparablePoint[], baseline: ComparablePoint, maxRelativeDrop: number): Verdict {
  const others = points.filter((p) => p.modelId !== baseline.modelId);
  const budget = percentText(maxRelativeDrop);
  if (others.length === 0) {
    return {
      maxRelativeDrop,
      bestCandidateId: null,
      withinBudget: false,
      summary: `Only the baseline "${baseline.name}" was measured: nothing to compare it with.`,
    };
  }
  const qualifying = others
    .filter((p) => relativeDrop(p.quality, baseline.quality) <= maxRelativeDrop)
    .sort((a, b) => a.inferenceCostPerMillionUsd - b.inferenceCostPerMillionUsd || b.quality.value - a.quality.value);
  const best = qualifying[0];
  if (best) {
    const { headline } = compareToBaseline(best, baseline);
    return {
      maxRelativeDrop,
      bestCandidateId: best.modelId,
      withinBudget: true,
      summary: `Use "${best.name}": ${headline} against "${baseline.name}", within the ${budget} quality budget.`,
    };
  }
  const closest = [...others].sort((a, b) => b.quality.value - a.quality.value)[0]!;
  const { qualityDelta } = compareToBaseline(closest, baseline);
  return {
    maxRelativeDrop,
    bestCandidateId: null,
    withinBudget: false,
    summary: `No candidate stays within ${budget} of "${baseline.name}"; the closest, "${closest.name}", is ${qualityDeltaPhrase(closest.quality.metric, qualityDelta)}.`,
  };
}
