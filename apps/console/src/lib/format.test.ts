import { describe, expect, it } from 'vitest';
import { elapsedSeconds, formatBytes, formatCount, formatDuration, formatPercent, formatUsd } from './format';

describe('formatDuration', () => {
  it('reads as seconds, minutes or hours', () => {
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(2 * 3600 + 7 * 60 + 3)).toBe('2 h 07 min');
  });
  it('shows a dash for nonsense', () => {
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
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

describe('formatUsd', () => {
  it('keeps fractions of a cent visible', () => {
    expect(formatUsd(0.000123)).toBe('$0.00012');
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(12345.6)).toBe('$12,346');
    expect(formatUsd(null)).toBe('—');
  });
});

describe('sizes, counts and percentages', () => {
  it('formats bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
  it('abbreviates parameter counts', () => {
    expect(formatCount(999)).toBe('999');
    expect(formatCount(2500)).toBe('2.50 k');
    expect(formatCount(1_234_567)).toBe('1.23 M');
  });
  it('shows fractions as percentages', () => expect(formatPercent(0.9734, 2)).toBe('97.34%'));
});
