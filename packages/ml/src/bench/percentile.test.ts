// Nearest-rank percentiles on known samples.
import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.js';

describe('percentile', () => {
  it('takes the nearest rank, not an interpolation', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7, 3], 50)).toBe(3);
  });
  it('rejects empty samples and bad ranks', () => {
    expect(() => percentile([], 50)).toThrow(/samples/);
    expect(() => percentile([1], 0)).toThrow(/p:/);
  });
});
