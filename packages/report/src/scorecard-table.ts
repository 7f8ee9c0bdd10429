// The scorecard's candidates as rows of text cells: the CLI prints them as columns, the Markdown export as a table.
import type { Scorecard } from '@distillery/schemas';
import { formatBytes, formatUsd } from './format.js';
import { formatQuality, vsBaselineText } from './quality.js';

export const SCORECARD_CANDIDATE_HEADER: readonly string[] = [
  'CANDIDATE',
  'ROLE',
  'QUALITY',
  'SIZE',
  'P50 / P99',
  'THROUGHPUT',
  '$/1M',
  'TRAIN $',
  'VS BASELINE',
];

/** One row of cells per candidate, in SCORECARD_CANDIDATE_HEADER order; "*" marks the Pareto frontier. */
export function scorecardCandidateRows(card: Scorecard): string[][] {
  return card.candidates.map((c) => [
    `${c.name}${c.modelId === card.baselineId ? ' (baseline)' : ''}${card.paretoFrontier.includes(c.modelId) ? ' *' : ''}`,
    c.role,
    formatQuality(c.quality, { metricName: true }),
    formatBytes(c.sizeBytes),
    `${c.latencyMs.p50.toFixed(2)} / ${c.latencyMs.p99.toFixed(2)} ms`,
    `${Math.round(c.throughputPerSec)}/s`,
    formatUsd(c.inferenceCostPerMillionUsd),
    formatUsd(c.trainingCostUsd),
    vsBaselineText(c, card.baselineId),
  ]);
}

/** Left-aligned columns separated by two spaces, for a terminal. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
