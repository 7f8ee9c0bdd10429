// Unit tests of the scorecard math: ratios, headline wording, the Pareto frontier and the verdict.
import { describe, expect, it } from 'vitest';
import { compareToBaseline, paretoFrontier, relativeDrop, verdictFor, type ComparablePoint } from './compare.js';

const point = (modelId: string, accuracy: number, cost: number, sizeBytes = 1000): ComparablePoint => ({
  modelId,
  name: modelId,
  quality: { metric: 'accuracy', value: accuracy, accuracy },
  sizeBytes,
  inferenceCostPerMillionUsd: cost,
});

describe('compareToBaseline', () => {
  it('reads "5.2× cheaper to serve, 0.4 points worse" for a smaller student', () => {
    const teacher = point('teacher', 0.982, 5.2, 4_000_000);
    const student = point('student', 0.978, 1.0, 250_000);
    const c = compareToBaseline(student, teacher);
    expect(c.inferenceCostRatio).toBeCloseTo(5.2, 6);
    expect(c.sizeRatio).toBeCloseTo(16, 6);
    expect(c.qualityDelta).toBeCloseTo(-0.004, 9);
    expect(c.headline).toBe('5.2× cheaper to serve, 0.4 points worse');
  });

  it('calls the baseline itself "baseline" with unit ratios', () => {
    const b = point('b', 0.9, 2);
    expect(compareToBaseline(b, b)).toEqual({ qualityDelta: 0, inferenceCostRatio: 1, sizeRatio: 1, headline: 'baseline' });
  });

  it('stays finite when a candidate costs nothing measurable', () => {
    const c = compareToBaseline(point('free', 0.9, 0), point('b', 0.9, 1));
    expect(Number.isFinite(c.inferenceCostRatio)).toBe(true);
    expect(c.inferenceCostRatio).toBeGreaterThan(1e6);
  });
});

describe('relativeDrop', () => {
  it('is the fraction of the baseline lost, negative when better', () => {
    expect(relativeDrop({ metric: 'accuracy', value: 0.891 }, { metric: 'accuracy', value: 0.9 })).toBeCloseTo(0.01, 9);
    expect(relativeDrop({ metric: 'accuracy', value: 0.95 }, { metric: 'accuracy', value: 0.9 })).toBeLessThan(0);
    // Minus bits per char: 2.0 → 2.1 bits is 5% worse.
    expect(relativeDrop({ metric: 'bits-per-char', value: -2.1 }, { metric: 'bits-per-char', value: -2.0 })).toBeCloseTo(0.05, 9);
  });
});

describe('paretoFrontier', () => {
  it('keeps exactly the candidates nothing beats on both quality and cost', () => {
    const pts = [
      point('teacher', 0.98, 10),
      point('student', 0.97, 2),
      point('dominated', 0.96, 3), // student is better and cheaper
      point('int8', 0.965, 1),
      point('tie-cost-worse', 0.95, 1), // int8 costs the same and is better
    ];
    expect(paretoFrontier(pts)).toEqual(['teacher', 'student', 'int8']);
  });

  it('keeps exact duplicates and a lone point', () => {
    expect(paretoFrontier([point('a', 0.9, 1), point('b', 0.9, 1)])).toEqual(['a', 'b']);
    expect(paretoFrontier([point('only', 0.5, 3)])).toEqual(['only']);
  });
});

describe('verdictFor', () => {
  const teacher = point('teacher', 0.98, 10);

  it('names the cheapest candidate within the budget', () => {
    const v = verdictFor([teacher, point('student', 0.975, 2), point('int8', 0.972, 1), point('tiny', 0.9, 0.1)], teacher, 0.01);
    expect(v.bestCandidateId).toBe('int8');
    expect(v.withinBudget).toBe(true);
    expect(v.summary).toContain('"int8"');
    expect(v.summary).toContain('10× cheaper to serve');
    expect(v.summary).toContain('1% quality budget');
  });

  it('names the closest miss when nothing is within budget', () => {
    const v = verdictFor([teacher, point('tiny', 0.9, 0.1), point('small', 0.95, 1)], teacher, 0.01);
    expect(v.bestCandidateId).toBeNull();
    expect(v.withinBudget).toBe(false);
    expect(v.summary).toContain('"small", is 3.0 points worse');
  });

  it('says so when only the baseline was measured', () => {
    const v = verdictFor([teacher], teacher, 0.01);
    expect(v.bestCandidateId).toBeNull();
    expect(v.summary).toMatch(/Only the baseline/);
  });
});
