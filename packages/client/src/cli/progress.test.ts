// The progress bar: stage, step/total, loss and an ETA measured from event times.
import type { JobEvent } from '@distillery/schemas';
import { describe, expect, it } from 'vitest';
import { ProgressTracker, renderProgressBar } from './progress.js';

const t0 = Date.parse('2026-11-28T12:00:00.000Z');
function progress(seq: number, secondsAfterStart: number, fields: Partial<JobEvent>): JobEvent {
  return {
    jobId: 'job_aaaaaaaa',
    seq,
    type: 'progress',
    time: new Date(t0 + secondsAfterStart * 1000).toISOString(),
    ...fields,
  };
}

describe('ProgressTracker', () => {
  it('estimates the time left in a stage from its measured step rate', () => {
    const tracker = new ProgressTracker();
    tracker.apply({
      jobId: 'job_aaaaaaaa',
      seq: 0,
      type: 'status',
      status: 'running',
      time: new Date(t0).toISOString(),
    });
    tracker.apply(progress(1, 0, { stage: 'train teacher', step: 0, total: 1000, loss: 2.3 }));
    expect(tracker.current.etaSeconds).toBeNull();
    // 200 steps in 10 s → 20 steps/s → the 800 steps left take 40 s.
    const s = tracker.apply(progress(2, 10, { stage: 'train teacher', step: 200, total: 1000, loss: 0.5 }));
    expect(s.etaSeconds).toBeCloseTo(40, 6);
    const s2 = tracker.apply(progress(3, 20, { step: 400 }));
    expect(s2).toMatchObject({
      stage: 'train teacher',
      step: 400,
      total: 1000,
      loss: 0.5,
      status: 'running',
    });
    expect(s2.etaSeconds).toBeCloseTo(30, 6);
  });

  it('restarts the rate when the stage changes', () => {
    const tracker = new ProgressTracker();
    tracker.apply(progress(0, 0, { stage: 'train teacher', step: 0, total: 10 }));
    tracker.apply(progress(1, 100, { stage: 'train teacher', step: 10, total: 10 }));
    const s = tracker.apply(progress(2, 101, { stage: 'distill', step: 0, total: 50 }));
    expect(s.etaSeconds).toBeNull();
    expect(tracker.apply(progress(3, 106, { stage: 'distill', step: 10, total: 50 })).etaSeconds).toBeCloseTo(
      20,
      6,
    );
  });
});

describe('renderProgressBar', () => {
  it('shows fraction, stage, step/total, loss and ETA', () => {
    const line = renderProgressBar(
      { status: 'running', stage: 'distill', step: 25, total: 100, loss: 0.123456, etaSeconds: 95 },
      20,
    );
    expect(line).toBe('[#####---------------]  25%  distill  step 25/100  loss 0.1235  ETA 1m35s');
  });

  it('shows the status while no progress has arrived', () => {
    expect(
      renderProgressBar(
        { status: 'queued', stage: null, step: 0, total: 0, loss: null, etaSeconds: null },
        4,
      ),
    ).toBe('[----]   0%  queued');
  });
});
