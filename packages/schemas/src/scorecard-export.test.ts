// Scorecard exports: Markdown rows and a well-formed, escaped SVG Pareto chart for classifiers and language models.
import { describe, expect, it } from 'vitest';
import { JobSpec } from './jobs.js';
import { DEFAULT_PRICE_TABLE } from './pricing.js';
import { scorecardMarkdown, scorecardSvg } from './scorecard-export.js';
import { Scorecard, type Candidate } from './scorecards.js';

const ids = ['a', 'b', 'c'].map((ch) => `art_${ch.repeat(24)}`) as [string, string, string];

function candidate(i: number, name: string, quality: Candidate['quality'], costPerM: number, sizeBytes: number): Candidate {
  return {
    modelId: ids[i] ?? ids[0],
    name,
    role: i === 0 ? 'baseline' : 'student',
    quality,
    sizeBytes,
    params: sizeBytes / 4,
    latencyMs: { p50: 1, p95: 1.5, p99: 2 },
    throughputPerSec: 1000,
    throughputBatch: 32,
    trainingDeviceSeconds: 10,
    trainingCostUsd: 0.001,
    inferenceCostPerMillionUsd: costPerM,
    vsBaseline: { qualityDelta: 0, inferenceCostRatio: 1, sizeRatio: 1, headline: i === 0 ? 'baseline' : 'cheaper' },
  };
}

function card(candidates: Candidate[], frontier: string[]): Scorecard {
  return Scorecard.parse({
    id: 'sc_0123456789abcdef0123',
    published: false,
    publishedAt: null,
    schemaVersion: 1,
    jobId: 'job_0123456789abcdef0123',
    title: 'Spam <distill> & "friends"',
    createdAt: '2026-11-28T12:00:00.000Z',
    baselineId: ids[0],
    candidates,
    paretoFrontier: frontier,
    verdict: { maxRelativeDrop: 0.01, bestCandidateId: ids[1], withinBudget: true, summary: 'student wins' },
    headline: 'student: 8× cheaper',
    provenance: {
      spec: JobSpec.parse({ kind: 'quantize', model: { type: 'registered', modelId: ids[0] }, calibration: { name: 'mnist' } }),
      datasetHash: 'd'.repeat(64),
      modelHashes: {},
      codeVersion: 'abc1234',
      backend: 'tensorflow',
      device: 'cpu',
      hardware: '2 vCPU',
      seed: 42,
      priceTable: DEFAULT_PRICE_TABLE,
      wallSeconds: { total: 12 },
      estimatedCostUsd: 0.0002,
      measuredCostUsd: 0.00014,
    },
  });
}

const classifier = card(
  [
    candidate(0, 'teacher', { metric: 'accuracy', value: 0.95, accuracy: 0.95 }, 0.05, 4_000_000),
    candidate(1, 'student <small> & fast', { metric: 'accuracy', value: 0.93, accuracy: 0.93 }, 0.002, 250_000),
    candidate(2, 'int8 | per-channel', { metric: 'accuracy', value: 0.9, accuracy: 0.9 }, 0.004, 1_000_000),
  ],
  [ids[0], ids[1]],
);

/** Checks every element closes in order; returns the element names seen. */
function elementsOf(svg: string): string[] {
  const stack: string[] = [];
  const names: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w-]*)([^>]*?)(\/?)>/g)) {
    const [, closing, name = '', , selfClosing] = m;
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else {
      names.push(name);
      if (!selfClosing) stack.push(name);
    }
  }
  expect(stack).toEqual([]);
  return names;
}

/** Text between tags must not hold a raw "<" or a bare "&" that is not an entity. */
function expectEscapedText(svg: string): void {
  const text = svg.replace(/<[^>]*>/g, '\u0000');
  expect(text).not.toMatch(/[<>]/);
  expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
}

describe('scorecardSvg', () => {
  it('is one well-formed standalone SVG with a title, axis labels and one circle per candidate', () => {
    const svg = scorecardSvg(classifier);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('viewBox="0 0 720 440"');
    const names = elementsOf(svg);
    expect(names[0]).toBe('svg');
    expect(names.filter((n) => n === 'svg')).toHaveLength(1);
    expect(names.filter((n) => n === 'circle')).toHaveLength(3);
    expect(svg).toMatch(/<title>Spam &lt;distill&gt; &amp; &quot;friends&quot;: quality against inference cost<\/title>/);
    expect(svg).toContain('>Accuracy (%)</text>');
    // Costs span 25×, so the x axis is logarithmic.
    expect(svg).toContain('>Inference cost per 1M samples (USD, log scale)</text>');
    expect(svg).toContain('>$0.01</text>');
    expect(svg).toContain('>$0.002</text>');
  });

  it('escapes names, marks the baseline and joins only frontier candidates', () => {
    const svg = scorecardSvg(classifier);
    expectEscapedText(svg);
    expect(svg).toContain('>student &lt;small&gt; &amp; fast</text>');
    expect(svg).toContain('font-weight="bold">teacher (baseline)</text>');
    const points = /<polyline class="pareto-frontier" points="([^"]+)"/.exec(svg)?.[1]?.split(' ');
    expect(points).toHaveLength(2);
    // Frontier sorted by cost: the cheap student is left of the teacher and lower (less accurate).
    const [[x1, y1], [x2, y2]] = (points ?? []).map((p) => p.split(',').map(Number)) as [[number, number], [number, number]];
    expect(x1).toBeLessThan(x2);
    expect(y1).toBeGreaterThan(y2);
    // Radius grows with size: the 4 MB teacher is the biggest circle.
    const radii = [...svg.matchAll(/<circle [^>]*r="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(radii[0]).toBeCloseTo(18, 1);
    expect(Math.max(...radii)).toBe(radii[0]);
  });

  it('labels bits per character with lower-is-better up, on a linear axis when costs are close', () => {
    const lm = card(
      [
        candidate(0, 'char-lstm', { metric: 'bits-per-char', value: -2.1, bitsPerChar: 2.1 }, 0.3, 800_000),
        candidate(1, 'tiny', { metric: 'bits-per-char', value: -2.4, bitsPerChar: 2.4 }, 0.1, 100_000),
      ],
      [ids[0], ids[1]],
    );
    const svg = scorecardSvg(lm, { width: 500, height: 300 });
    elementsOf(svg);
    expect(svg).toContain('viewBox="0 0 500 300"');
    expect(svg).toContain('>Bits per character (lower is better)</text>');
    expect(svg).toContain('>Inference cost per 1M tokens (USD)</text>');
    const cys = [...svg.matchAll(/<circle [^>]*cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    // 2.1 bpc is better than 2.4, so it sits higher (smaller y).
    expect(cys[0]).toBeLessThan(cys[1] ?? 0);
    expect(svg).toContain('2.100 bpc');
  });
});

describe('scorecardMarkdown', () => {
  it('has a table row for every candidate with escaped pipes', () => {
    const md = scorecardMarkdown(classifier);
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(4);
    expect(rows[1]).toContain('| teacher (baseline) * | baseline | 95.00% acc |');
    expect(rows[2]).toContain('student <small> & fast *');
    expect(rows[3]).toContain('int8 \\| per-channel | student | 90.00% acc');
  });
});
