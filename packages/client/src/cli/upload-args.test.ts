// The upload command's kind: from --kind, else from the extension; a clear usage error otherwise.
import { describe, expect, it } from 'vitest';
import { UsageError } from './io.js';
import { uploadKindOf } from './upload-args.js';

describe('uploadKindOf', () => {
  it('infers the kind from .jsonl / .txt, and --kind overrides it', () => {
    expect(uploadKindOf('data/spam.jsonl', undefined)).toBe('classification');
    expect(uploadKindOf('book.TXT', undefined)).toBe('text');
    expect(uploadKindOf('rows.ndjson', 'classification')).toBe('classification');
    expect(uploadKindOf('notes.jsonl', 'text')).toBe('text');
  });

  it('refuses an unknown extension without --kind', () => {
    expect(() => uploadKindOf('data.csv', undefined)).toThrow(UsageError);
    expect(() => uploadKindOf('data.csv', undefined)).toThrow('cannot tell the kind of "data.csv" from its extension: pass --kind');
  });
});
