import { describe, expect, it } from 'vitest';
import { progressView } from './progress';

describe('progressView', () => {
  it('uses the reported ETA when there is one', () => {
    const view = progressView('running', { step: 25, total: 100, stage: 'train student', etaSeconds: 12 }, 30);
    expect(view.fraction).toBeCloseTo(0.25, 9);
    expect(view.etaSeconds).toBe(12);
    expect(view.label).toBe('train student: 25 / 100');
  });
  it('extrapolates the ETA from elapsed time when none is reported', () => {
    const view = progressView('running', { step: 40, total: 100 }, 20);
    expect(view.etaSeconds).toBeCloseTo(30, 9);
  });
  it('is indeterminate while running without a total, full once succeeded', () => {
    expect(progressView('running', null, 5).fraction).toBeNull();
    expect(progressView('queued', null, null).fraction).toBe(0);
    expect(progressView('succeeded', { step: 3, total: 10 }, 9).fraction).toBe(1);
  });
  it('stays still, not animated, when a job stopped before reporting a total', () => {
    expect(progressView('failed', null, 11)).toEqual({ fraction: 0, etaSeconds: null, label: 'failed' });
  });
  it('has no ETA once the job stopped', () => {
    expect(progressView('failed', { step: 3, total: 10, etaSeconds: 50 }, 9).etaSeconds).toBeNull();
  });
  it('clamps a step past the total', () => {
    expect(progressView('running', { step: 12, total: 10 }, 9).fraction).toBe(1);
  });
});
