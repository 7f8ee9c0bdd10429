// Pure scorecard math: ratios to the baseline, headline text, the Pareto frontier and the verdict against a budget.
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

function ratioText(ratio: number): string {
  return ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1);
}

/** "5.2× cheaper to serve", "1.3× costlier to serve" or "about the same cost to serve" (within 5%). */
export function costPhrase(inferenceCostRatio: number): string {
  if (Math.abs(inferenceCostRatio - 1) < 0.05) return 'about the same cost to serve';
  if (inferenceCostRatio > 1) return `${ratioText(inferenceCostRatio)}× cheaper to serve`;
  return `${ratioText(1 / inferenceCostRatio)}× costlier to serve`;
}

/** "−0.4 points accuracy", "+1.2 points accuracy", or "+0.05 bits per char" (more bits per char is worse). */
export function qualityPhrase(metric: Quality['metric'], qualityDelta: number): string {
  const sign = (x: number): string => (x < 0 ? '−' : '+');
  if (metric === 'accuracy') {
    const points = qualityDelta * 100;
    if (Math.abs(points) < 0.05) return 'same accuracy';
    return `${sign(points)}${Math.abs(points).toFixed(1)} points accuracy`;
  }
  // value is minus bits per char: a negative delta means more bits per char.
  const bitsPerCharDelta = -qualityDelta;
  if (Math.abs(bitsPerCharDelta) < 0.005) return 'same bits per char';
  return `${sign(bitsPerCharDelta)}${Math.abs(bitsPerCharDelta).toFixed(2)} bits per char`;
}

export function compareToBaseline(candidate: ComparablePoint, baseline: ComparablePoint): BaselineComparison {
  if (candidate.modelId === baseline.modelId) {
    return { qualityDelta: 0, inferenceCostRatio: 1, sizeRatio: 1, headline: 'baseline' };
  }
  const qualityDelta = candidate.quality.value - baseline.quality.value;
  const inferenceCostRatio =
    baseline.inferenceCostPerMillionUsd / Math.max(candidate.inferenceCostPerMillionUsd, MIN_COST_USD);
  const sizeRatio = baseline.sizeBytes / Math.max(candidate.sizeBytes, 1);
  const headline = `${costPhrase(inferenceCostRatio)}, ${qualityPhrase(candidate.quality.metric, qualityDelta)}`;
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
    summary: `No candidate stays within ${budget} of "${baseline.name}"; the closest, "${closest.name}", is ${qualityPhrase(closest.quality.metric, qualityDelta)}.`,
  };
}
