'use client';
// One scorecard: verdict, candidates table, side-by-side comparison, Pareto chart and provenance. Read-only.
import { useState, type ReactNode } from 'react';
import type { Candidate, Scorecard } from '@distillery/schemas';
import {
  costPhrase,
  formatBytes,
  formatCount,
  formatDuration,
  formatPercent,
  formatQuality,
  formatTime,
  formatUsd,
  qualityDeltaPhrase,
  vsBaselineText,
} from '@distillery/report';
import { ParetoChart } from './pareto-chart';

const qualityText = (c: Candidate): string => formatQuality(c.quality);

const rowsFor = (baselineId: string): { label: string; value: (c: Candidate) => ReactNode }[] => [
  { label: 'Role', value: (c) => c.role },
  { label: 'Quality', value: qualityText },
  { label: 'Quality vs baseline', value: (c) => (c.modelId === baselineId ? 'baseline' : qualityDeltaPhrase(c.quality.metric, c.vsBaseline.qualityDelta)) },
  { label: 'Teacher agreement', value: (c) => formatPercent(c.quality.teacherAgreement) },
  { label: 'Macro F1', value: (c) => (c.quality.macroF1 === undefined ? '—' : c.quality.macroF1.toFixed(3)) },
  { label: 'Calibration error (ECE)', value: (c) => (c.quality.expectedCalibrationError === undefined ? '—' : c.quality.expectedCalibrationError.toFixed(3)) },
  { label: 'Size', value: (c) => formatBytes(c.sizeBytes) },
  { label: 'Parameters', value: (c) => formatCount(c.params) },
  { label: 'Latency p50 / p95 / p99', value: (c) => `${c.latencyMs.p50.toFixed(2)} / ${c.latencyMs.p95.toFixed(2)} / ${c.latencyMs.p99.toFixed(2)} ms` },
  { label: 'Throughput', value: (c) => `${c.throughputPerSec.toFixed(0)}/s at batch ${c.throughputBatch}` },
  { label: 'Peak memory', value: (c) => formatBytes(c.peakMemoryBytes) },
  { label: 'Inference cost (per million)', value: (c) => formatUsd(c.inferenceCostPerMillionUsd) },
  { label: 'Serving cost vs baseline', value: (c) => (c.modelId === baselineId ? 'baseline' : costPhrase(c.vsBaseline.inferenceCostRatio)) },
  { label: 'Training cost', value: (c) => `${formatUsd(c.trainingCostUsd)} (${formatDuration(c.trainingDeviceSeconds)})` },
  { label: 'Verdict', value: (c) => vsBaselineText(c, baselineId) },
];

export function ScorecardView({ scorecard, actions }: { scorecard: Scorecard; actions?: ReactNode }) {
  const [compared, setCompared] = useState<string[]>([]);
  const chosen = scorecard.candidates.filter((c) => compared.includes(c.modelId));
  const p = scorecard.provenance;
  return (
    <article>
      <div className="spread">
        <h1>{scorecard.title}</h1>
        {actions}
      </div>
      {scorecard.headline !== scorecard.verdict.summary ? <p className="lead">{scorecard.headline}</p> : null}
      <div className={scorecard.verdict.withinBudget ? 'alert ok' : 'alert info'}>
        {scorecard.verdict.summary} <span className="muted">(quality budget: at most {formatPercent(scorecard.verdict.maxRelativeDrop)} worse than the baseline)</span>
      </div>

      <ParetoChart candidates={scorecard.candidates} frontier={scorecard.paretoFrontier} metric={scorecard.candidates[0]?.quality.metric ?? 'quality'} />

      <h2>Candidates</h2>
      <table aria-label="Candidates">
        <thead>
          <tr>
            <th scope="col">Compare</th>
            <th scope="col">Model</th>
            <th scope="col">Quality</th>
            <th scope="col" className="num">Size</th>
            <th scope="col" className="num">Latency p50</th>
            <th scope="col" className="num">Inference cost / million</th>
            <th scope="col">vs baseline</th>
          </tr>
        </thead>
        <tbody>
          {scorecard.candidates.map((c) => (
            <tr key={c.modelId}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Compare ${c.name}`}
                  checked={compared.includes(c.modelId)}
                  onChange={(e) => setCompared((cur) => (e.target.checked ? [...cur, c.modelId] : cur.filter((id) => id !== c.modelId)))}
                />
              </td>
              <td>
                {c.name} <span className="muted">({c.role}{c.modelId === scorecard.baselineId && c.role !== 'baseline' ? ', baseline' : ''}{scorecard.paretoFrontier.includes(c.modelId) ? ', on frontier' : ''})</span>
              </td>
              <td>{qualityText(c)}</td>
              <td className="num">{formatBytes(c.sizeBytes)}</td>
              <td className="num">{c.latencyMs.p50.toFixed(2)} ms</td>
              <td className="num">{formatUsd(c.inferenceCostPerMillionUsd)}</td>
              <td>{vsBaselineText(c, scorecard.baselineId)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {chosen.length >= 2 ? (
        <>
          <h2>Side by side</h2>
          <table aria-label="Comparison">
            <thead>
              <tr>
                <th scope="col">Measure</th>
                {chosen.map((c) => (
                  <th scope="col" key={c.modelId}>{c.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rowsFor(scorecard.baselineId).map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  {chosen.map((c) => (
                    <td key={c.modelId}>{row.value(c)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="muted">Tick two or more candidates to compare them side by side.</p>
      )}

      <h2>Provenance</h2>
      <dl className="facts panel">
        <dt>Job</dt>
        <dd className="mono">{scorecard.jobId}</dd>
        <dt>Created</dt>
        <dd>{formatTime(scorecard.createdAt)}</dd>
        <dt>Backend / device</dt>
        <dd>{p.backend} on {p.device}: {p.hardware}</dd>
        <dt>Code version</dt>
        <dd className="mono">{p.codeVersion}</dd>
        <dt>Seed</dt>
        <dd>{p.seed}</dd>
        <dt>Data hash</dt>
        <dd className="mono">{p.datasetHash}</dd>
        <dt>Cost</dt>
        <dd>estimated {formatUsd(p.estimatedCostUsd)}, measured {formatUsd(p.measuredCostUsd)}</dd>
        <dt>Price</dt>
        <dd>
          {formatUsd(p.priceTable[p.device].pricePerHourUsd)}/h: {p.priceTable[p.device].description} (source: {p.priceTable[p.device].source}, {p.priceTable[p.device].asOf})
        </dd>
        <dt>Published</dt>
        <dd>{scorecard.published ? formatTime(scorecard.publishedAt) : 'no'}</dd>
      </dl>
    </article>
  );
}
