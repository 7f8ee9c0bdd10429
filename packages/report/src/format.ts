// How every figure reads to a person, in the console, the CLI and the exports: money, sizes, durations, counts, FLOPs.

/** What a missing or nonsensical figure prints as. */
export const NO_VALUE = '—';

const isNumber = (n: number | null | undefined): n is number => n !== null && n !== undefined && Number.isFinite(n);

/**
 * Dollars. Job costs are often fractions of a cent, so small amounts keep two significant digits ("$0.00014")
 * instead of rounding to "$0.00"; cents up to $100, whole dollars with separators above.
 */
export function formatUsd(usd: number | null | undefined): string {
  if (!isNumber(usd)) return NO_VALUE;
  if (usd === 0) return '$0';
  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  if (abs < 0.01) return `${sign}$${abs.toPrecision(2)}`;
  if (abs < 100) return `${sign}$${abs.toFixed(2)}`;
  return `${sign}$${Math.round(abs).toLocaleString('en-US')}`;
}

/** A device price: "$0.1008/h", four decimals as price tables quote them. */
export function formatUsdPerHour(pricePerHourUsd: number): string {
  return `$${pricePerHourUsd.toFixed(4)}/h`;
}

/** Binary units, one decimal below 10 and none above: "512 B", "1.9 MiB", "244 KiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (!isNumber(bytes)) return NO_VALUE;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export type DurationStyle = 'words' | 'compact';

/**
 * Seconds for people: "42 s", "3 min 05 s", "2 h 07 min" (`words`, the console), or "42s", "3m05s", "2h07m"
 * (`compact`, the CLI's columns). Under a second reads "0.4 s" rather than "0 s", which would look like a bug.
 */
export function formatDuration(totalSeconds: number | null | undefined, style: DurationStyle = 'words'): string {
  if (!isNumber(totalSeconds) || totalSeconds < 0) return NO_VALUE;
  const words = style === 'words';
  if (totalSeconds > 0 && totalSeconds < 0.95) return `${totalSeconds.toFixed(1)}${words ? ' s' : 's'}`;
  const s = Math.round(totalSeconds);
  if (s < 60) return words ? `${s} s` : `${s}s`;
  const minutes = Math.floor(s / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (minutes < 60) return words ? `${minutes} min ${pad(s % 60)} s` : `${minutes}m${pad(s % 60)}s`;
  const hours = Math.floor(minutes / 60);
  return words ? `${hours} h ${pad(minutes % 60)} min` : `${hours}h${pad(minutes % 60)}m`;
}

/** Seconds between two ISO times, or from `startedAt` until `now` while the job still runs; null before it starts. */
export function elapsedSeconds(startedAt: string | null, finishedAt: string | null, now: number): number | null {
  if (!startedAt) return null;
  const end = finishedAt ? Date.parse(finishedAt) : now;
  return Math.max(0, (end - Date.parse(startedAt)) / 1000);
}

/** A date and time in 24-hour form, e.g. "28/11/2026, 12:00:00". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return NO_VALUE;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? NO_VALUE : d.toLocaleString('en-GB', { hour12: false });
}

/** Parameter counts abbreviated: 999 → "999", 2500 → "2.50 k", 1234567 → "1.23 M". */
export function formatCount(n: number | null | undefined): string {
  if (!isNumber(n)) return NO_VALUE;
  const abs = Math.abs(n);
  if (abs < 1000) return String(n);
  if (abs < 1e6) return `${(n / 1e3).toFixed(abs < 1e4 ? 2 : 1)} k`;
  if (abs < 1e9) return `${(n / 1e6).toFixed(2)} M`;
  return `${(n / 1e9).toFixed(2)} B`;
}

/** A fraction as a percentage: 0.9734 → "97.3%". */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (!isNumber(fraction)) return NO_VALUE;
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** How many times more: 5.24 → "5.2×", 12.4 → "12×" (two significant digits are all a comparison needs). */
export function formatRatio(ratio: number | null | undefined): string {
  if (!isNumber(ratio)) return NO_VALUE;
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
}

const FLOP_UNITS: readonly [number, string][] = [
  [1e15, 'PFLOP'],
  [1e12, 'TFLOP'],
  [1e9, 'GFLOP'],
  [1e6, 'MFLOP'],
  [1e3, 'kFLOP'],
];

/** Floating-point operations in engineering units, three significant digits: 8.7e8 → "870 MFLOP". */
export function formatFlops(flops: number | null | undefined): string {
  if (!isNumber(flops) || flops < 0) return NO_VALUE;
  for (const [scale, unit] of FLOP_UNITS) if (flops >= scale) return `${(flops / scale).toPrecision(3)} ${unit}`;
  return `${Math.round(flops)} FLOP`;
}

/** A measured compute rate: 19.15 → "19.1 GFLOP/s" (the estimate reports it in GFLOP/s). */
export function formatGflopsRate(gflopsPerSecond: number | null | undefined): string {
  if (!isNumber(gflopsPerSecond) || gflopsPerSecond < 0) return NO_VALUE;
  return `${gflopsPerSecond.toFixed(1)} GFLOP/s`;
}
