// Upload validation as the API runs it: every bad row listed by line and field, text size and encoding checks.
import { describe, expect, it } from 'vitest';
import { checkClassificationJsonl, checkTextUpload, decodeUtf8Upload, parseClassificationJsonl, UploadFormatError, utf8ByteLength } from './uploads.js';

describe('checkClassificationJsonl', () => {
  it('lists every bad row in line order, naming line and field, and keeps checking after one', () => {
    const text = [
      '{"text":"good","label":"a"}',
      '{"text":"no label"}',
      '',
      '{"text":"","label":"b"}',
      'not json',
      '{"features":[1],"label":"b"}',
      '{"text":"fine","label":"b"}',
    ].join('\n');
    const { parsed, problems } = checkClassificationJsonl(text);
    expect(parsed).toBeNull();
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'label'],
      [4, 'text'],
      [5, null],
      [6, 'features'],
    ]);
    expect(problems[0]?.message).toBe('line 2: label: required');
    expect(problems[3]?.message).toBe('line 6: features: every row must use the same form as line 1 (text)');
  });

  it('stops at maxProblems', () => {
    const text = Array.from({ length: 50 }, () => '{"text":"x"}').join('\n');
    const { problems } = checkClassificationJsonl(text, {}, 3);
    expect(problems.map((p) => p.line)).toEqual([1, 2, 3]);
  });

  it('returns the parsed rows when all are good, and parseClassificationJsonl throws only the first problem', () => {
    const { parsed, problems } = checkClassificationJsonl('{"features":[1,2],"label":0}\n{"features":[3,4],"label":1}\n');
    expect(problems).toEqual([]);
    expect(parsed?.form).toBe('features');
    expect(parsed?.labels).toEqual(['0', '1']);
    expect(() => parseClassificationJsonl('{"text":"a","label":"x"}\n{"text":"b"}\n{"label":1}')).toThrow(/^line 2: label: required$/);
  });
});

describe('checkTextUpload', () => {
  it('counts code points, not UTF-16 units or bytes', () => {
    const text = 'café 🙂\n';
    expect(checkTextUpload(text).characters).toBe(7);
    expect(utf8ByteLength(text)).toBe(11);
  });

  it('rejects empty text and text over the byte limit, naming the file', () => {
    expect(() => checkTextUpload(' \n\t')).toThrow('file: is empty');
    expect(() => checkTextUpload('ééé', { maxBytes: 5 })).toThrow('file: 6 bytes exceeds the limit of 5 bytes');
    const error = (() => {
      try {
        checkTextUpload('');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(UploadFormatError);
    expect((error as UploadFormatError).field).toBe('file');
  });
});

describe('decodeUtf8Upload', () => {
  it('decodes UTF-8 and refuses bytes that are not', () => {
    expect(decodeUtf8Upload(new TextEncoder().encode('naïve'))).toBe('naïve');
    expect(() => decodeUtf8Upload(new Uint8Array([0x68, 0xff, 0x69]))).toThrow('file: is not valid UTF-8 text');
  });
});
