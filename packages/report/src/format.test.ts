// The figures people read in the console, the CLI and the exports: one rule each, so they never disagree.
import { describe, expect, it } from 'vitest';
import {
  elapsedSeconds,
  formatBytes,
  formatCount,
  formatDuration,
  formatFlops,
  formatGflopsRate,
  formatPercent,
  formatRatio,
  formatUsd,
  formatUsdPerHour,
} from './format.js';

describe('formatUsd', () => {
  it('keeps fractions of a cent visible, cents below $100 and whole dollars above', () => {
    expect([0, 0.000123, 0.00014, 0.0002, 0.00349, 0.05, 0.5, 12.345, 12345.6].map(formatUsd)).toEqual([
      '$0',
      '$0.00012',
      '$0.00014',
      '$0.00020',
      '$0.0035',
      '$0.05',
      '$0.50',
      '$12.35',
      '$12,346',
    ]);
    expect(formatUsd(-0.5)).toBe('-$0.50');
    expect([formatUsd(null), formatUsd(undefined), formatUsd(Number.NaN)]).toEqual(['—', '—', '—']);
    expect(formatUsdPerHour(0.1008)).toBe('$0.1008/h');
  });
});

describe('formatBytes', () => {
  it('uses binary units with one decimal below 10', () => {
    expect([512, 1536, 25_000, 250_000, 2_000_000, 3 * 1024 ** 2, 5 * 1024 ** 4].map(formatBytes)).toEqual([
      '512 B',
      '1.5 KiB',
      '24 KiB',
      '244 KiB',
      '1.9 MiB',
      '3.0 MiB',
      '5.0 TiB',
    ]);
    expect(formatBytes(undefined)).toBe('—');
  });
});

describe('formatDuration', () => {
  it('reads in words for the console and compactly for the CLI', () => {
    const seconds = [0.4, 5.4, 42.4, 95, 185, 2 * 3600 + 7 * 60 + 3];
    expect(seconds.map((s) => formatDuration(s))).toEqual(['0.4 s', '5 s', '42 s', '1 min 35 s', '3 min 05 s', '2 h 07 min']);
    expect(seconds.map((s) => formatDuration(s, 'compact'))).toEqual(['0.4s', '5s', '42s', '1m35s', '3m05s', '2h07m']);
  });
  it('shows a dash for nonsense', () => {
    expect([formatDuration(-1), formatDuration(Number.NaN), formatDuration(null, 'compact')]).toEqual(['—', '—', '—']);
  });
});

describe('elapsedSeconds', () => {
  const start = '2026-01-01T00:00:00.000Z';
  it('is null before the job starts', () => expect(elapsedSeconds(null, null, Date.now())).toBeNull());
  it('counts to now while running and to the finish once done', () => {
    expect(elapsedSeconds(start, null, Date.parse(start) + 90_500)).toBeCloseTo(90.5, 6);
    expect(elapsedSeconds(start, '2026-01-01T00:01:00.000Z', Date.parse(start) + 999_000)).toBe(60);
  });
});

describe('counts, percentages and ratios', () => {
  it('abbreviates parameter counts', () => {
    expect([999, 2500, 25_000, 1_234_567, 7.1e9].map(formatCount)).toEqual(['999', '2.50 k', '25.0 k', '1.23 M', '7.10 B']);
  });
  it('shows fractions as percentages', () => {
    expect(formatPercent(0.9734, 2)).toBe('97.34%');
    expect(formatPercent(0.01)).toBe('1.0%');
  });
  it('gives ratios two significant digits', () => {
    expect([1.25, 5.24, 12.4, 25].map(formatRatio)).toEqual(['1.3×', '5.2×', '12×', '25×']);
  });
});

describe('compute', () => {
  it('picks the largest FLOP unit with three significant digits', () => {
    expect([512, 870_224_000, 2.3e12, 4.5e15].map(formatFlops)).toEqual(['512 FLOP', '870 MFLOP', '2.30 TFLOP', '4.50 PFLOP']);
    expect(formatFlops(-1)).toBe('—');
  });
  it('reports a measured rate in GFLOP/s', () => {
    expect(formatGflopsRate(19.15)).toBe('19.1 GFLOP/s');
    expect(formatGflopsRate(312.04)).toBe('312.0 GFLOP/s');
  });
});
