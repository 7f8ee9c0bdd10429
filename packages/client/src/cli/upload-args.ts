// `distillery upload <file> [--kind classification|text]`: which file, and which kind (from --kind, else the extension).
import { UploadKind } from '@distillery/schemas';
import path from 'node:path';
import { UsageError } from './io.js';

const KIND_BY_EXTENSION: Record<string, UploadKind> = { '.jsonl': 'classification', '.txt': 'text' };

export function uploadArgs(positionals: readonly string[], kindFlag: string | undefined): { file: string; kind: UploadKind } {
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError('"upload" takes one data file (.jsonl for classification, .txt for text)');
  if (kindFlag !== undefined) {
    const kind = UploadKind.safeParse(kindFlag);
    if (!kind.success) throw new UsageError(`--kind must be one of ${UploadKind.options.join(', ')} for upload (got "${kindFlag}")`);
    return { file, kind: kind.data };
  }
  const kind = KIND_BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!kind) throw new UsageError(`cannot tell the kind of "${path.basename(file)}" from its extension: pass --kind classification or --kind text`);
  return { file, kind };
}
