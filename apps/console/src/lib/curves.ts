// Loss and metric series from a job's events, in the row shape recharts draws.
import type { JobEvent } from '@distillery/schemas';

export interface CurvePoint {
  index: number;
  [series: string]: number;
}

/** Turns training progress reports into rows keyed by stage, x being the order of arrival. */
export function lossSeries(events: readonly JobEvent[]): { points: CurvePoint[]; series: string[] } {
  const series: string[] = [];
  const points: CurvePoint[] = [];
  for (const event of events) {
    // Only progress reports trace the curve; an artifact event repeats the final loss of its stage.
    if (event.type !== 'progress' || event.loss === undefined || !Number.isFinite(event.loss)) continue;
    const stage = event.stage ?? 'loss';
    if (!series.includes(stage)) series.push(stage);
    points.push({ index: points.length + 1, [stage]: event.loss });
  }
  return { points, series };
}

/**
 * Metrics reported more than once (e.g. validation accuracy per epoch) become curves, one series per name;
 * the rest are single measurements, listed as the latest value of each instead of drawn.
 */
export function metricSeries(events: readonly JobEvent[]): {
  points: CurvePoint[];
  series: string[];
  latest: { name: string; value: number }[];
} {
  const counts = new Map<string, number>();
  const latest = new Map<string, number>();
  const keyed = (event: JobEvent, name: string): string => (event.stage ? `${event.stage}: ${name}` : name);
  for (const event of events) {
    for (const [name, value] of Object.entries(event.metrics ?? {})) {
      if (!Number.isFinite(value)) continue;
      const key = keyed(event, name);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      latest.set(key, value);
    }
  }
  const series = [...counts.entries()].filter(([, n]) => n >= 2).map(([key]) => key);
  const points: CurvePoint[] = [];
  for (const event of events) {
    const row: CurvePoint = { index: points.length + 1 };
    let any = false;
    for (const [name, value] of Object.entries(event.metrics ?? {})) {
      const key = keyed(event, name);
      if (!series.includes(key) || !Number.isFinite(value)) continue;
      row[key] = value;
      any = true;
    }
    if (any) points.push(row);
  }
  const single = [...latest.entries()].filter(([key]) => !series.includes(key)).map(([name, value]) => ({ name, value }));
  return { points, series, latest: single };
}
