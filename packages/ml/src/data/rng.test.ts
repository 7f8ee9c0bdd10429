import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';

describe('createRng', () => {
  it('replays the same stream for the same seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });

  it('resumes exactly from a saved state, also through JSON', () => {
    const rng = createRng(7);
    for (let i = 0; i < 100; i++) rng.next();
    const saved = JSON.parse(JSON.stringify(rng.getState())) as ReturnType<typeof rng.getState>;
    const expected = Array.from({ length: 10 }, () => rng.next());
    const resumed = createRng(0);
    resumed.setState(saved);
    expect(Array.from({ length: 10 }, () => resumed.next())).toEqual(expected);
    expect(() => resumed.setState([1, 2, 3] as never)).toThrow(/rng state/);
  });

  it('is uniform enough: mean ≈ 0.5, variance ≈ 1/12, normal mean ≈ 0 and sd ≈ 1', () => {
    const rng = createRng(1);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let normalSum = 0;
    let normalSq = 0;
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (u < 0 || u >= 1) throw new Error(`out of [0, 1): ${u}`);
      sum += u;
      sumSq += u * u;
      buckets[Math.floor(u * 10)]!++;
      const z = rng.nextNormal();
      normalSum += z;
      normalSq += z * z;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sumSq / n - (sum / n) ** 2 - 1 / 12)).toBeLessThan(0.002);
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan(500); // ~5σ
    expect(Math.abs(normalSum / n)).toBeLessThan(0.02);
    expect(Math.abs(normalSq / n - 1)).toBeLessThan(0.02);
  });

  it('shuffles into a permutation, deterministically', () => {
    const items = Int32Array.from({ length: 50 }, (_, i) => i);
    const shuffled = createRng(3).shuffle(Int32Array.from(items));
    expect(Array.from(shuffled).sort((x, y) => x - y)).toEqual(Array.from(items));
    expect(Array.from(shuffled)).not.toEqual(Array.from(items));
    expect(Array.from(createRng(3).shuffle(Int32Array.from(items)))).toEqual(Array.from(shuffled));
  });
});
