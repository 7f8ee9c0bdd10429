import { describe, expect, it } from 'vitest';
import type { JobEvent } from '@distillery/schemas';
import { lossSeries, metricSeries } from './curves';

const event = (seq: number, extra: Partial<JobEvent>): JobEvent => ({
  jobId: 'job_abcdefgh',
  seq,
  type: 'progress',
  time: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('curves', () => {
  it('puts each stage on its own line in arrival order and skips events without loss', () => {
    const { points, series } = lossSeries([
      event(0, { type: 'status', status: 'running' }),
      event(1, { stage: 'train teacher', loss: 2.3 }),
      event(2, { stage: 'train teacher', loss: 1.1 }),
      event(3, { stage: 'distill', loss: 0.9 }),
      event(4, { type: 'artifact', stage: 'distill', loss: 0.9 }),
    ]);
    expect(series).toEqual(['train teacher', 'distill']);
    expect(points).toEqual([
      { index: 1, 'train teacher': 2.3 },
      { index: 2, 'train teacher': 1.1 },
      { index: 3, distill: 0.9 },
    ]);
  });
  it("draws each model a job trains as its own line, and keeps a job recorded before stages named models on one 'train' line", () => {
    const distill = lossSeries([
      event(1, { stage: 'train teacher (mlp 32)', step: 1, loss: 2.2 }),
      event(2, { stage: 'train teacher (mlp 32)', step: 2, loss: 1.4 }),
      event(3, { stage: 'distill student (mlp 8)', step: 1, loss: 3.1 }),
      event(4, { stage: 'distill student (mlp 8)', step: 2, loss: 2.0 }),
    ]);
    expect(distill.series).toEqual(['train teacher (mlp 32)', 'distill student (mlp 8)']);
    expect(distill.points.map((p) => p['distill student (mlp 8)'])).toEqual([undefined, undefined, 3.1, 2.0]);
    const stored = lossSeries([event(1, { stage: 'train', loss: 2.2 }), event(2, { stage: 'train', loss: 2.4 })]);
    expect(stored.series).toEqual(['train']);
    expect(stored.points).toEqual([
      { index: 1, train: 2.2 },
      { index: 2, train: 2.4 },
    ]);
  });
  it('draws metrics reported repeatedly and lists one-off measurements', () => {
    const { series, points, latest } = metricSeries([
      event(1, { type: 'metric', stage: 'eval', metrics: { accuracy: 0.81 } }),
      event(2, { type: 'metric', stage: 'measure', metrics: { throughputPerSec: 42000 } }),
      event(3, { type: 'metric', stage: 'eval', metrics: { accuracy: 0.91 } }),
    ]);
    expect(series).toEqual(['eval: accuracy']);
    expect(points.map((p) => p['eval: accuracy'])).toEqual([0.81, 0.91]);
    expect(latest).toEqual([{ name: 'measure: throughputPerSec', value: 42000 }]);
  });
});
