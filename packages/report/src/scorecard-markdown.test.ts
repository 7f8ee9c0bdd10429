// The Markdown export: what a reader of the report sees for every candidate, in the words of the right direction.
import { describe, expect, it } from 'vitest';
import { classifier, languageModel } from './fixtures.test-support.js';
import { scorecardMarkdown } from './scorecard-markdown.js';

const tableRows = (md: string) => md.split('\n').filter((l) => l.startsWith('| '));

describe('scorecardMarkdown', () => {
  it('has a table row for every candidate with escaped pipes, and the figures a reader compares', () => {
    const md = scorecardMarkdown(classifier);
    expect(md.startsWith('# Spam <distill> & "friends"\n\n**student: 8× cheaper**\n\nVerdict (quality budget 1.0%): student wins')).toBe(true);
    const rows = tableRows(md);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toBe('| CANDIDATE | ROLE | QUALITY | SIZE | P50 / P99 | THROUGHPUT | $/1M | TRAIN $ | VS BASELINE |');
    expect(rows[1]).toBe('| teacher (baseline) * | baseline | 95.00% acc | 3.8 MiB | 1.00 / 2.00 ms | 1000/s | $0.05 | $0.0010 | baseline |');
    expect(rows[2]).toContain('| student <small> & fast * | student | 93.00% acc | 244 KiB |');
    expect(rows[2]).toMatch(/\| 25× cheaper to serve, 2\.0 points worse \|$/);
    expect(rows[3]).toContain('| int8 \\| per-channel | student | 90.00% acc');
    expect(rows[3]).toMatch(/\| 13× cheaper to serve, 5\.0 points worse \|$/);
  });

  it('says "better" for fewer bits per char and "worse" for more', () => {
    const rows = tableRows(scorecardMarkdown(languageModel));
    expect(rows[1]).toContain('| char-lstm (baseline) * | baseline | 2.100 bits/char |');
    expect(rows[2]).toMatch(/\| tiny \* \| student \| 2\.400 bits\/char \|.*\| 3\.0× cheaper to serve, 0\.30 bits\/char worse \|$/);
    expect(rows[3]).toMatch(/\| 2\.0× cheaper to serve, 0\.31 bits\/char better \|$/);
  });

  it('ends with the provenance: code, backend, seed, price and both costs', () => {
    const md = scorecardMarkdown(classifier);
    expect(md).toContain('- code version: `abc1234`; backend tensorflow on cpu (2 vCPU); seed 42');
    expect(md).toMatch(/- price: \$0\.10\/hour \(https:\/\//);
    expect(md).toContain('- cost: estimated $0.00020, measured $0.00014');
  });
});
