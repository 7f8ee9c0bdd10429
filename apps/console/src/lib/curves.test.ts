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
