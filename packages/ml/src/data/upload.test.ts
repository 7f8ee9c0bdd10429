import { describe, expect, it } from 'vitest';
import { parseClassificationJsonl, UploadFormatError } from './upload.js';

describe('parseClassificationJsonl', () => {
  it('parses text rows, skips blank lines, orders class names', () => {
    const parsed = parseClassificationJsonl('{"text":"hello","label":"b"}\n\n{"text":"bye","label":"a"}\r\n{"text":"again","label":"b"}\n');
    expect(parsed.form).toBe('text');
    if (parsed.form !== 'text') return;
    expect(parsed.texts).toEqual(['hello', 'bye', 'again']);
    expect(parsed.labels).toEqual(['b', 'a', 'b']);
    expect(parsed.classNames).toEqual(['a', 'b']);
  });

  it('parses feature rows into a row-major matrix, numeric labels ordered numerically', () => {
    const parsed = parseClassificationJsonl('{"features":[1,2],"label":10}\n{"features":[3,4.5],"label":2}\n');
    expect(parsed.form).toBe('features');
    if (parsed.form !== 'features') return;
    expect(parsed.width).toBe(2);
    expect(Array.from(parsed.features)).toEqual([1, 2, 3, 4.5]);
    expect(parsed.classNames).toEqual(['2', '10']);
  });

  const bad: [string, string][] = [
    ['{"text":"a","label":"x"}\n{"text":"b","label":"y"}\n{"text":"c"}', 'line 3: label: required'],
    ['{"text":"a","label":"x"}\nnot json', 'line 2: not valid JSON'],
    ['[1,2]', 'line 1: must be a JSON object'],
    ['{"label":"x"}', 'line 1: text: required (or features)'],
    ['{"text":"a","features":[1],"label":"x"}', 'line 1: features: give either text or features, not both'],
    ['{"text":"","label":"x"}', 'line 1: text: '],
    ['{"text":"a","label":true}', 'line 1: label: '],
    ['{"features":[1,"2"],"label":1}', 'line 1: features.1: '],
    ['{"features":[1,2],"label":1}\n{"features":[1],"label":2}', 'line 2: features: expected 2 values like line 1, got 1'],
    ['{"features":[1],"label":1}\n{"text":"a","label":2}', 'line 2: text: every row must use the same form as line 1 (features)'],
    ['{"text":"a","label":"x"}\n{"text":"b","label":"x"}', 'label: needs at least 2 classes'],
    ['\n\n', 'file: no rows'],
  ];
  for (const [input, message] of bad) {
    it(`rejects with "${message}"`, () => {
      expect(() => parseClassificationJsonl(input)).toThrow(message);
    });
  }

  it('enforces size and row limits', () => {
    const rows = Array.from({ length: 5 }, (_, i) => JSON.stringify({ text: `row ${i}`, label: i % 2 })).join('\n');
    expect(() => parseClassificationJsonl(rows, { maxRows: 4 })).toThrow('line 5: more than 4 rows');
    expect(() => parseClassificationJsonl(rows, { maxBytes: 20 })).toThrow(/file: \d+ bytes exceeds the limit of 20 bytes/);
    const error = (() => {
      try {
        parseClassificationJsonl('{"text":"a"}');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(UploadFormatError);
    expect((error as UploadFormatError).line).toBe(1);
    expect((error as UploadFormatError).field).toBe('label');
  });
});
