// Quality figures and comparisons to the baseline in words that say which way is better, whatever the metric.
import type { Candidate, Quality } from '@distillery/schemas';
import { formatRatio } from './format.js';

/** Bits per character of a language model (the schema stores minus bits per char as `value`, so higher is better). */
export const bitsPerCharOf = (q: Quality): number => q.bitsPerChar ?? -q.value;

/** Accuracy as a fraction. */
export const accuracyOf = (q: Quality): number => q.accuracy ?? q.value;

export interface QualityTextOptions {
  /** Append " acc" to an accuracy, for tables whose column does not say the metric ("95.00% acc"). */
  metricName?: boolean;
}

/** "95.00%" (or "95.00% acc") for a classifier, "2.100 bits/char" for a language model. */
export function formatQuality(q: Quality, opts: QualityTextOptions = {}): string {
  if (q.metric === 'accuracy') return `${(accuracyOf(q) * 100).toFixed(2)}%${opts.metricName ? ' acc' : ''}`;
  return `${bitsPerCharOf(q).toFixed(3)} bits/char`;
}

/**
 * A quality difference against the baseline, with its direction in words: "0.9 points worse" (accuracy),
 * "0.31 bits/char better" (fewer bits per char), "same accuracy". `qualityDelta` is candidate minus baseline on the
 * schema's higher-is-better value (accuracy as a fraction, minus bits per char), as `vsBaseline.qualityDelta` stores it.
 */
export function qualityDeltaPhrase(metric: Quality['metric'], qualityDelta: number): string {
  const direction = qualityDelta > 0 ? 'better' : 'worse';
  if (metric === 'accuracy') {
    const points = Math.abs(qualityDelta * 100);
    if (points < 0.05) return 'same accuracy';
    return `${points.toFixed(1)} points ${direction}`;
  }
  const bitsPerChar = Math.abs(qualityDelta);
  if (bitsPerChar < 0.005) return 'same bits/char';
  return `${bitsPerChar.toFixed(2)} bits/char ${direction}`;
}

/** "5.2× cheaper to serve", "1.3× costlier to serve" or "about the same cost to serve" (within 5%). */
export function costPhrase(inferenceCostRatio: number): string {
  if (Math.abs(inferenceCostRatio - 1) < 0.05) return 'about the same cost to serve';
  if (inferenceCostRatio > 1) return `${formatRatio(inferenceCostRatio)} cheaper to serve`;
  return `${formatRatio(1 / inferenceCostRatio)} costlier to serve`;
}

/** The figures of a comparison with the baseline that its wording needs (a candidate's `vsBaseline`). */
export interface BaselineFigures {
  qualityDelta: number;
  inferenceCostRatio: number;
}

/**
 * One candidate against the baseline: "5.2× cheaper to serve, 0.4 points worse". The worker's `vsBaseline.headline`
 * and the scorecard headline should use this wording; the exports render it from the figures, so cards stored with
 * older wording read the same way.
 */
export function baselineComparisonText(metric: Quality['metric'], figures: BaselineFigures): string {
  return `${costPhrase(figures.inferenceCostRatio)}, ${qualityDeltaPhrase(metric, figures.qualityDelta)}`;
}

/** A scorecard row's "vs baseline" cell: "baseline" for the baseline itself, else the comparison in words. */
export function vsBaselineText(candidate: Candidate, baselineId: string): string {
  if (candidate.modelId === baselineId) return 'baseline';
  return baselineComparisonText(candidate.quality.metric, candidate.vsBaseline);
}
