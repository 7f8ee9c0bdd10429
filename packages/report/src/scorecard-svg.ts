// The scorecard's Pareto chart as a standalone SVG document (served as <id>.svg and printed by `distillery scorecard --svg`).
import type { Candidate, Scorecard } from '@distillery/schemas';
import { formatBytes, formatUsd } from './format.js';
import { bitsPerCharOf, accuracyOf, formatQuality } from './quality.js';


export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Two decimals keep the file small and stable; SVG needs no more for pixel positions. */
const px = (n: number) => String(Math.round(n * 100) / 100);

interface Axis {
  /** Maps a data value to a pixel position. */
  toPx(v: number): number;
  ticks: number[];
}

/** Tick values at 1, 2 or 5 times a power of ten, about `count` of them across [lo, hi]. */
function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** Linear axis over the values with 10% padding; a single value gets a window around it. */
function linearAxis(values: number[], pxFrom: number, pxTo: number): Axis {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const pad = hi > lo ? (hi - lo) * 0.1 : Math.abs(lo) * 0.1 || 1;
  lo -= pad;
  hi += pad;
  return {
    toPx: (v) => pxFrom + ((v - lo) / (hi - lo)) * (pxTo - pxFrom),
    ticks: niceTicks(lo, hi, 5),
  };
}

/** Log axis (base 10) over strictly positive values, ticked at powers of ten. */
function logAxis(values: number[], pxFrom: number, pxTo: number): Axis {
  const logs = values.map((v) => Math.log10(v));
  const pad = (Math.max(...logs) - Math.min(...logs)) * 0.1;
  const lo = Math.min(...logs) - pad;
  const hi = Math.max(...logs) + pad;
  // Powers of ten; with fewer than three of them in range, 2× and 5× as well so the axis stays readable.
  const multiples = Math.floor(hi) - Math.ceil(lo) + 1 >= 3 ? [1] : [1, 2, 5];
  const ticks: number[] = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
    for (const m of multiples) {
      const t = Number((m * 10 ** e).toPrecision(12));
      if (Math.log10(t) >= lo && Math.log10(t) <= hi) ticks.push(t);
    }
  }
  return { toPx: (v) => pxFrom + ((Math.log10(v) - lo) / (hi - lo)) * (pxTo - pxFrom), ticks };
}

/** Axis ticks are round numbers: "$0.01", not formatUsd's "$0.010". */
const tickUsd = (t: number) => `$${Number(t.toPrecision(3))}`;

export interface ScorecardSvgOptions {
  width?: number;
  height?: number;
}

/**
 * The Pareto chart as a standalone SVG document: inference cost per 1M (x, log scale when it spans more than 10×)
 * against quality (y, better is up), one circle per candidate sized by its size on disk.
 */
export function scorecardSvg(card: Scorecard, opts: ScorecardSvgOptions = {}): string {
  const width = opts.width ?? 720;
  const height = opts.height ?? 440;
  const margin = { left: 76, right: 40, top: 44, bottom: 64 };
  const plot = { x0: margin.left, x1: width - margin.right, y0: height - margin.bottom, y1: margin.top };

  const baseline = card.candidates.find((c) => c.modelId === card.baselineId) ?? card.candidates[0];
  const bpc = baseline?.quality.metric === 'bits-per-char';
  // Accuracy in %, or bits per char (value = −bpc in the schema).
  const quality = (c: Candidate) =>
    c.quality.metric === 'bits-per-char' ? bitsPerCharOf(c.quality) : accuracyOf(c.quality) * 100;
  const costs = card.candidates.map((c) => c.inferenceCostPerMillionUsd);
  const minCost = Math.min(...costs);
  const useLog = minCost > 0 && Math.max(...costs) / minCost > 10;
  const xAxis = useLog ? logAxis(costs, plot.x0, plot.x1) : linearAxis(costs, plot.x0, plot.x1);
  // Lower bits per char is better, so that axis runs downwards: better is always up.
  const yAxis = linearAxis(card.candidates.map(quality), bpc ? plot.y1 : plot.y0, bpc ? plot.y0 : plot.y1);
  const maxSize = Math.max(1, ...card.candidates.map((c) => c.sizeBytes));
  const radius = (c: Candidate) => 5 + 13 * Math.sqrt(c.sizeBytes / maxSize);

  const yLabel = bpc ? 'Bits per character (lower is better)' : 'Accuracy (%)';
  const xLabel = `Inference cost per 1M ${bpc ? 'tokens' : 'samples'} (USD${useLog ? ', log scale' : ''})`;
  const inX = (t: number) => xAxis.toPx(t) >= plot.x0 - 0.5 && xAxis.toPx(t) <= plot.x1 + 0.5;
  const inY = (t: number) => yAxis.toPx(t) <= plot.y0 + 0.5 && yAxis.toPx(t) >= plot.y1 - 0.5;
  const yDecimals = bpc ? 3 : 1;

  const frontier = card.candidates
    .filter((c) => card.paretoFrontier.includes(c.modelId))
    .sort((a, b) => a.inferenceCostPerMillionUsd - b.inferenceCostPerMillionUsd);

  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(`${card.title}: quality against inference cost`)}</title>`,
    `<desc>${escapeXml(card.headline)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${px(width / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(card.title)}</text>`,
    `<text class="legend" x="${px(width / 2)}" y="${margin.top - 6}" text-anchor="middle" font-size="11" fill="#555555">blue: on the Pareto frontier · dashed ring: baseline · circle size: size on disk</text>`,
    `<g class="axes" stroke="#333333">`,
    `<line x1="${plot.x0}" y1="${plot.y0}" x2="${plot.x1}" y2="${plot.y0}"/>`,
    `<line x1="${plot.x0}" y1="${plot.y0}" x2="${plot.x0}" y2="${plot.y1}"/>`,
    `</g>`,
    `<g class="x-ticks" text-anchor="middle">`,
    ...xAxis.ticks
      .filter(inX)
      .map(
        (t) =>
          `<line x1="${px(xAxis.toPx(t))}" y1="${plot.y0}" x2="${px(xAxis.toPx(t))}" y2="${plot.y0 + 5}" stroke="#333333"/><text x="${px(xAxis.toPx(t))}" y="${plot.y0 + 18}">${escapeXml(tickUsd(t))}</text>`,
      ),
    `</g>`,
    `<g class="y-ticks" text-anchor="end">`,
    ...yAxis.ticks
      .filter(inY)
      .map(
        (t) =>
          `<line x1="${plot.x0 - 5}" y1="${px(yAxis.toPx(t))}" x2="${plot.x1}" y2="${px(yAxis.toPx(t))}" stroke="#e5e5e5"/><text x="${plot.x0 - 8}" y="${px(yAxis.toPx(t) + 4)}">${t.toFixed(yDecimals)}</text>`,
      ),
    `</g>`,
    `<text class="x-label" x="${px((plot.x0 + plot.x1) / 2)}" y="${height - 18}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text class="y-label" x="18" y="${px((plot.y0 + plot.y1) / 2)}" text-anchor="middle" transform="rotate(-90 18 ${px((plot.y0 + plot.y1) / 2)})">${escapeXml(yLabel)}</text>`,
  ];
  if (frontier.length > 1) {
    const points = frontier
      .map((c) => `${px(xAxis.toPx(c.inferenceCostPerMillionUsd))},${px(yAxis.toPx(quality(c)))}`)
      .join(' ');
    lines.push(`<polyline class="pareto-frontier" points="${points}" fill="none" stroke="#2563eb" stroke-width="2"/>`);
  }
  lines.push(`<g class="candidates">`);
  for (const c of card.candidates) {
    const cx = xAxis.toPx(c.inferenceCostPerMillionUsd);
    const cy = yAxis.toPx(quality(c));
    const r = radius(c);
    const isBaseline = c.modelId === card.baselineId;
    const onFrontier = card.paretoFrontier.includes(c.modelId);
    const label = `${c.name}${isBaseline ? ' (baseline)' : ''}`;
    // About 7 px per character at 12 px: a label that would run off the right edge goes left of its circle.
    const labelLeft = cx + r + 4 + label.length * 7 > width;
    const tip = `${label}: ${formatQuality(c.quality, { metricName: true })}, ${formatBytes(c.sizeBytes)}, ${formatUsd(c.inferenceCostPerMillionUsd)} per 1M`;
    lines.push(
      `<circle cx="${px(cx)}" cy="${px(cy)}" r="${px(r)}" fill="${onFrontier ? '#2563eb' : '#9ca3af'}" fill-opacity="0.55" stroke="${isBaseline ? '#111111' : 'none'}" stroke-width="${isBaseline ? 2 : 0}"${isBaseline ? ' stroke-dasharray="3 2"' : ''} data-model-id="${escapeXml(c.modelId)}"><title>${escapeXml(tip)}</title></circle>`,
      `<text x="${px(labelLeft ? cx - r - 4 : cx + r + 4)}" y="${px(cy + 4)}"${labelLeft ? ' text-anchor="end"' : ''}${isBaseline ? ' font-weight="bold"' : ''}>${escapeXml(label)}</text>`,
    );
  }
  lines.push(`</g>`, `</svg>`, '');
  return lines.join('\n');
}
