'use client';
// Quality against inference cost for every candidate of a scorecard (recharts); point size is model size.
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import type { Candidate } from '@distillery/schemas';
import { formatBytes, formatUsd } from '@distillery/report';

interface ParetoPoint {
  name: string;
  cost: number;
  quality: number;
  sizeBytes: number;
}

const toPoint = (c: Candidate): ParetoPoint => ({
  name: c.name,
  cost: c.inferenceCostPerMillionUsd,
  quality: c.quality.value,
  sizeBytes: c.sizeBytes,
});

export function ParetoChart({ candidates, frontier, metric }: { candidates: readonly Candidate[]; frontier: readonly string[]; metric: string }) {
  const onFrontier = candidates.filter((c) => frontier.includes(c.modelId)).map(toPoint).sort((a, b) => a.cost - b.cost);
  const others = candidates.filter((c) => !frontier.includes(c.modelId)).map(toPoint);
  return (
    <figure className="panel" aria-label={`Pareto chart: ${metric} against inference cost`}>
      <figcaption>
        <strong>Quality against inference cost</strong>{' '}
        <span className="muted">(up and to the left is better; point size is model size; the line joins the Pareto frontier)</span>
      </figcaption>
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 10, right: 20, bottom: 30, left: 10 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="cost"
              name="USD per million samples"
              domain={['auto', 'auto']}
              tickFormatter={(v: number) => formatUsd(v)}
              label={{ value: 'inference cost (USD per million samples)', position: 'insideBottom', offset: -18 }}
            />
            <YAxis type="number" dataKey="quality" name={metric} domain={['auto', 'auto']} width={70} />
            <ZAxis type="number" dataKey="sizeBytes" range={[60, 600]} name="size" />
            <Tooltip
              formatter={(value, name) =>
                name === 'size' ? formatBytes(Number(value)) : name === 'USD per million samples' ? formatUsd(Number(value)) : Number(value).toPrecision(4)
              }
              labelFormatter={() => ''}
            />
            <Legend verticalAlign="top" />
            <Scatter name="Pareto frontier" data={onFrontier} fill="#2456c7" line={{ stroke: '#2456c7' }} isAnimationActive={false} />
            <Scatter name="Dominated" data={others} fill="#9aa3b2" isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <ul className="muted">
        {[...onFrontier, ...others].map((p) => (
          <li key={p.name}>
            {p.name}: {metric} {p.quality.toPrecision(4)} at {formatUsd(p.cost)} per million samples, {formatBytes(p.sizeBytes)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
