// User uploads: JSONL classification rows ({text,label} or {features,label}) and plain text, with limits and line-numbered errors.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  DEFAULT_UPLOAD_LIMITS,
  parseClassificationJsonl,
  UploadFormatError,
  type DatasetRef,
  type ParsedClassificationUpload,
  type UploadLimits,
} from '@distillery/schemas';
import { charTextDataset, codePoints } from './char_text.js';
import { sha256Hex } from './hash.js';
import { featureClassificationDataset, textClassificationDataset, type TextClassificationOptions } from './split.js';
import type { Dataset } from './types.js';

// The parser lives in @distillery/schemas so the API validates uploads with the same code the loader runs.
export { parseClassificationJsonl, UploadFormatError, DEFAULT_UPLOAD_LIMITS, type UploadLimits, type ParsedClassificationUpload };

/** Upload ids are file stems: no separators or dots at the start, so a ref can never leave the uploads directory. */
const UPLOAD_ID = /^[a-z0-9][a-z0-9_-]{0,127}$/;

async function readIfPresent(file: string, maxBytes: number): Promise<string | null> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return null;
  }
  if (info.size > maxBytes) throw new UploadFormatError(`file: ${path.basename(file)} is ${info.size} bytes, over the limit of ${maxBytes}`, null, 'file');
  return readFile(file, 'utf8');
}

/** Resolves `upload:<id>` to `<uploadsDir>/<id>.jsonl` (classification) or `<id>.txt` (character language model). */
export async function loadUpload(
  ref: DatasetRef,
  seed: number,
  opts: { uploadsDir: string; limits?: UploadLimits } & TextClassificationOptions,
): Promise<Dataset> {
  const id = ref.name.slice('upload:'.length);
  if (!UPLOAD_ID.test(id)) throw new Error(`dataset name: upload id "${id}" must be lowercase letters, digits, "_" or "-"`);
  const limits = { ...DEFAULT_UPLOAD_LIMITS, ...opts.limits };
  const split = { seed, testFraction: ref.testFraction, trainLimit: ref.trainLimit, testLimit: ref.testLimit };

  const jsonl = await readIfPresent(path.join(opts.uploadsDir, `${id}.jsonl`), limits.maxBytes);
  if (jsonl !== null) {
    const parsed = parseClassificationJsonl(jsonl, limits);
    const classIndex = new Map(parsed.classNames.map((name, i) => [name, i]));
    const labels = Int32Array.from(parsed.labels, (label) => classIndex.get(label) as number);
    const sourceDigest = sha256Hex([jsonl]);
    if (parsed.form === 'text') {
      return textClassificationDataset({
        name: ref.name,
        sourceDigest,
        documents: parsed.texts,
        labels,
        classNames: parsed.classNames,
        split,
        options: { ...(opts.vocabularySize === undefined ? {} : { vocabularySize: opts.vocabularySize }), ...(opts.weighting === undefined ? {} : { weighting: opts.weighting }) },
      });
    }
    return featureClassificationDataset({ name: ref.name, sourceDigest, features: parsed.features, width: parsed.width, labels, classNames: parsed.classNames, split });
  }
  const plain = await readIfPresent(path.join(opts.uploadsDir, `${id}.txt`), limits.maxBytes);
  if (plain !== null) {
    if (plain.trim() === '') throw new UploadFormatError(`file: ${id}.txt is empty`, null, 'file');
    return charTextDataset(ref.name, sha256Hex([plain]), codePoints(plain), split);
  }
  throw new Error(`dataset "${ref.name}": no upload ${id}.jsonl or ${id}.txt in ${opts.uploadsDir}`);
}
