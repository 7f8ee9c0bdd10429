'use client';
// Training loss per stage as it arrives, drawn with recharts; one line per stage (teacher, student, …).
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CurvePoint } from '../lib/curves';

const COLOURS = ['#2456c7', '#c2410c', '#15803d', '#7e22ce', '#0e7490', '#a16207'];

export function CurveChart({ title, points, series, xLabel }: { title: string; points: CurvePoint[]; series: string[]; xLabel: string }) {
  return (
    <figure className="panel" aria-label={title}>
      <figcaption>
        <strong>{title}</strong> <span className="muted">({points.length} points)</span>
      </figcaption>
      {points.length === 0 ? (
        <p className="muted">Nothing reported yet.</p>
      ) : (
        <div className="chart">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 10, right: 20, bottom: 20, left: 10 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="index" label={{ value: xLabel, position: 'insideBottom', offset: -10 }} />
              <YAxis domain={['auto', 'auto']} width={60} />
              <Tooltip />
              <Legend verticalAlign="top" />
              {series.map((name, i) => (
                <Line
                  key={name}
                  type="monotone"
                  dataKey={name}
                  stroke={COLOURS[i % COLOURS.length]}
                  dot={false}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
