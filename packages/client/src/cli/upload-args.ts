// `distillery upload <file> [--kind classification|text]`: the kind from --kind, else from the file's extension.
import type { UploadKind } from '@distillery/schemas';
import path from 'node:path';
import { UsageError } from './io.js';

const KIND_BY_EXTENSION: Record<string, UploadKind> = { '.jsonl': 'classification', '.txt': 'text' };

export function uploadKindOf(file: string, kindFlag: UploadKind | undefined): UploadKind {
  if (kindFlag !== undefined) return kindFlag;
  const kind = KIND_BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!kind)
    throw new UsageError(
      `cannot tell the kind of "${path.basename(file)}" from its extension: pass --kind classification or --kind text`,
    );
  return kind;
}
