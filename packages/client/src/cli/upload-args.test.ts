// The upload command's arguments: kind from --kind, else from the extension; clear usage errors otherwise.
import { describe, expect, it } from 'vitest';
import { UsageError } from './io.js';
import { uploadArgs } from './upload-args.js';

describe('uploadArgs', () => {
  it('infers the kind from .jsonl / .txt, and --kind overrides it', () => {
    expect(uploadArgs(['data/spam.jsonl'], undefined)).toEqual({ file: 'data/spam.jsonl', kind: 'classification' });
    expect(uploadArgs(['book.TXT'], undefined)).toEqual({ file: 'book.TXT', kind: 'text' });
    expect(uploadArgs(['rows.ndjson'], 'classification')).toEqual({ file: 'rows.ndjson', kind: 'classification' });
    expect(uploadArgs(['notes.jsonl'], 'text')).toEqual({ file: 'notes.jsonl', kind: 'text' });
  });

  it('refuses a missing or extra file, an unknown extension without --kind, and a bad --kind', () => {
    expect(() => uploadArgs([], undefined)).toThrow(UsageError);
    expect(() => uploadArgs(['a.txt', 'b.txt'], undefined)).toThrow('"upload" takes one data file');
    expect(() => uploadArgs(['data.csv'], undefined)).toThrow('cannot tell the kind of "data.csv" from its extension: pass --kind');
    expect(() => uploadArgs(['a.jsonl'], 'distill')).toThrow('--kind must be one of classification, text for upload (got "distill")');
  });
});
