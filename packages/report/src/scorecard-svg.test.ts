// The SVG Pareto chart: one well-formed, escaped document for classifiers and language models, better always up.
import { describe, expect, it } from 'vitest';
import { candidate, card, classifier, ids } from './fixtures.test-support.js';
import { scorecardSvg } from './scorecard-svg.js';

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
    expect(svg).toContain('<title>char-lstm (baseline): 2.100 bits/char, 781 KiB, $0.30 per 1M</title>');
  });
});
