// User uploads: JSONL classification rows ({text,label} or {features,label}) and plain text, with limits and line-numbered errors.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ClassificationRow, type DatasetRef } from '@distillery/schemas';
import { charTextDataset, codePoints } from './char_text.js';
import { sha256Hex } from './hash.js';
import { featureClassificationDataset, textClassificationDataset, type TextClassificationOptions } from './split.js';
import type { Dataset } from './types.js';

export interface UploadLimits {
  /** Whole file; default 50 MiB. */
  maxBytes?: number;
  /** Data rows (blank lines do not count); default 200,000. */
  maxRows?: number;
}

export const DEFAULT_UPLOAD_LIMITS: Required<UploadLimits> = { maxBytes: 50 * 1024 * 1024, maxRows: 200_000 };

/** A bad upload: the message starts with the line number and names the field, e.g. "line 12: label: required". */
export class UploadFormatError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'UploadFormatError';
  }
}

function lineError(line: number, field: string | null, problem: string): UploadFormatError {
  return new UploadFormatError(`line ${line}: ${field === null ? '' : `${field}: `}${problem}`, line, field);
}

export type ParsedClassificationUpload =
  | { form: 'text'; texts: string[]; labels: string[]; classNames: string[] }
  | { form: 'features'; features: Float32Array; width: number; labels: string[]; classNames: string[] };

/** Class names in a stable order: numerically when every label is an integer, otherwise by code unit. */
function orderClassNames(labels: readonly string[], allNumeric: boolean): string[] {
  const distinct = [...new Set(labels)];
  return allNumeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Parses and validates a JSONL classification upload; every row must use the same form (and feature width) as the first. */
export function parseClassificationJsonl(text: string, limits: UploadLimits = {}): ParsedClassificationUpload {
  const { maxBytes, maxRows } = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  const size = byteLength(text);
  if (size > maxBytes) throw new UploadFormatError(`file: ${size} bytes exceeds the limit of ${maxBytes} bytes`, null, 'file');

  const texts: string[] = [];
  const featureRows: number[][] = [];
  const labels: string[] = [];
  let allNumericLabels = true;
  let form: 'text' | 'features' | null = null;
  let firstLine = 0;
  const lines = text.split('\n');
  for (const [index, rawLine] of lines.entries()) {
    const lineNumber = index + 1;
    const line = rawLine.trim();
    if (line === '') continue;
    if (labels.length >= maxRows) throw lineError(lineNumber, null, `more than ${maxRows} rows (the limit)`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw lineError(lineNumber, null, `not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw lineError(lineNumber, null, 'must be a JSON object');
    const record = value as Record<string, unknown>;
    if (!('label' in record)) throw lineError(lineNumber, 'label', 'required');
    const hasText = 'text' in record;
    const hasFeatures = 'features' in record;
    if (hasText === hasFeatures) {
      throw lineError(lineNumber, hasText ? 'features' : 'text', hasText ? 'give either text or features, not both' : 'required (or features)');
    }
    const rowForm = hasText ? 'text' : 'features';
    // Validate against the branch the row chose, so the message names that branch's field.
    const branch = ClassificationRow.options[hasText ? 0 : 1];
    const parsed = branch.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : null;
      throw lineError(lineNumber, field, issue?.message ?? 'invalid row');
    }
    if (form === null) {
      form = rowForm;
      firstLine = lineNumber;
    } else if (form !== rowForm) {
      throw lineError(lineNumber, rowForm, `every row must use the same form as line ${firstLine} (${form})`);
    }
    const row = parsed.data;
    if ('text' in row) texts.push(row.text);
    else {
      const width = featureRows[0]?.length;
      if (width !== undefined && row.features.length !== width) {
        throw lineError(lineNumber, 'features', `expected ${width} values like line ${firstLine}, got ${row.features.length}`);
      }
      featureRows.push(row.features);
    }
    if (typeof row.label !== 'number') allNumericLabels = false;
    labels.push(String(row.label));
  }
  if (form === null) throw new UploadFormatError('file: no rows (expected one JSON object per line)', null, 'file');
  const classNames = orderClassNames(labels, allNumericLabels);
  if (classNames.length < 2) throw new UploadFormatError(`label: needs at least 2 classes, found only "${classNames[0]}"`, null, 'label');
  if (form === 'text') return { form, texts, labels, classNames };
  const width = featureRows[0]?.length ?? 0;
  const features = new Float32Array(featureRows.length * width);
  featureRows.forEach((row, i) => features.set(row, i * width));
  return { form, features, width, labels, classNames };
}

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
