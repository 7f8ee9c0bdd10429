// Percentiles of latency samples (nearest-rank), so p99 of 100 samples is the 99th slowest, not an interpolation.

/** Nearest-rank percentile: the smallest sample ≥ p% of all samples. `p` in (0, 100]. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('samples: must not be empty');
  if (!(p > 0 && p <= 100)) throw new Error('p: must be in (0, 100]');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}
