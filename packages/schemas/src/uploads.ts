// User uploads: validation of JSONL classification rows and plain text, with limits and line-numbered errors (no Node built-ins).
import { z } from 'zod';
import { ClassificationRow } from './datasets.js';
import type { FailureDetails } from './failures.js';

export interface UploadLimits {
  /** Whole file; default 50 MiB. */
  maxBytes?: number;
  /** Data rows (blank lines do not count); default 200,000. */
  maxRows?: number;
}

export const DEFAULT_UPLOAD_LIMITS: Required<UploadLimits> = { maxBytes: 50 * 1024 * 1024, maxRows: 200_000 };

/** What an upload is for: JSONL `{text,label}` / `{features,label}` rows, or plain text for a character language model. */
export const UploadKind = z.enum(['classification', 'text']);
export type UploadKind = z.infer<typeof UploadKind>;

/** The file extension an upload of each kind is stored under; the data loader looks for exactly these. */
export const UPLOAD_EXTENSIONS: Record<UploadKind, '.jsonl' | '.txt'> = { classification: '.jsonl', text: '.txt' };

/** One problem with an upload; `message` reads "line 12: label: required" (or "file: ..." for the whole file). */
export const UploadProblem = z.object({
  line: z.number().int().min(1).nullable(),
  field: z.string().nullable(),
  message: z.string(),
});
export type UploadProblem = z.infer<typeof UploadProblem>;

/** The API's answer to a stored upload: `dataset` goes into a spec's `dataset.name`. */
export const UploadResult = z.object({
  id: z.string().regex(/^[a-f0-9]{8,64}$/),
  dataset: z.string().startsWith('upload:'),
  kind: UploadKind,
  name: z.string().nullable(),
  bytes: z.number().int().min(0),
  /** Data rows (classification uploads). */
  rows: z.number().int().min(1).optional(),
  /** Unicode code points (text uploads). */
  characters: z.number().int().min(1).optional(),
  classNames: z.array(z.string()).optional(),
});
export type UploadResult = z.infer<typeof UploadResult>;

/**
 * A bad upload: the message starts with the line number and names the field, e.g. "line 12: label: required".
 * `field` is a field of the upload's rows, not of a job spec, so the failure details carry the kind alone.
 */
export class UploadFormatError extends Error {
  readonly failure: FailureDetails = { kind: 'invalid-input' };
  constructor(
    message: string,
    readonly line: number | null = null,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'UploadFormatError';
  }
}

export type ParsedClassificationUpload =
  | { form: 'text'; texts: string[]; labels: string[]; classNames: string[] }
  | { form: 'features'; features: Float32Array; width: number; labels: string[]; classNames: string[] };

export interface ClassificationCheck {
  /** Null when there is any problem. */
  parsed: ParsedClassificationUpload | null;
  /** The first problems, in line order, at most `maxProblems`. */
  problems: UploadProblem[];
}

function lineProblem(line: number, field: string | null, problem: string): UploadProblem {
  return { line, field, message: `line ${line}: ${field === null ? '' : `${field}: `}${problem}` };
}

function fileProblem(field: string, message: string): UploadProblem {
  return { line: null, field, message };
}

/** UTF-8 size without Node's Buffer, so browsers can check a file before sending it. */
export function utf8ByteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Class names in a stable order: numerically when every label is an integer, otherwise by code unit. */
function orderClassNames(labels: readonly string[], allNumeric: boolean): string[] {
  const distinct = [...new Set(labels)];
  return allNumeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
}

/** Checks one non-blank line; returns the row or a problem naming the line and field. */
function checkRow(line: string, lineNumber: number): ClassificationRow | UploadProblem {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return lineProblem(lineNumber, null, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return lineProblem(lineNumber, null, 'must be a JSON object');
  const record = value as Record<string, unknown>;
  if (!('label' in record)) return lineProblem(lineNumber, 'label', 'required');
  const hasText = 'text' in record;
  const hasFeatures = 'features' in record;
  if (hasText === hasFeatures) {
    return lineProblem(lineNumber, hasText ? 'features' : 'text', hasText ? 'give either text or features, not both' : 'required (or features)');
  }
  // Validate against the branch the row chose, so the message names that branch's field.
  const branch = ClassificationRow.options[hasText ? 0 : 1];
  const parsed = branch.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : null;
    return lineProblem(lineNumber, field, issue?.message ?? 'invalid row');
  }
  return parsed.data;
}

/**
 * Validates every row of a JSONL classification upload, collecting up to `maxProblems` problems; every row must use
 * the same form (and feature width) as the first good row. Whole-file problems (size, no rows, one class) come alone.
 */
export function checkClassificationJsonl(text: string, limits: UploadLimits = {}, maxProblems = 20): ClassificationCheck {
  const { maxBytes, maxRows } = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  const size = utf8ByteLength(text);
  if (size > maxBytes) return { parsed: null, problems: [fileProblem('file', `file: ${size} bytes exceeds the limit of ${maxBytes} bytes`)] };

  const problems: UploadProblem[] = [];
  const texts: string[] = [];
  const featureRows: number[][] = [];
  const labels: string[] = [];
  let rowCount = 0;
  let allNumericLabels = true;
  let form: 'text' | 'features' | null = null;
  let firstLine = 0;
  for (const [index, rawLine] of text.split('\n').entries()) {
    if (problems.length >= maxProblems) break;
    const lineNumber = index + 1;
    const line = rawLine.trim();
    if (line === '') continue;
    if (rowCount >= maxRows) {
      problems.push(lineProblem(lineNumber, null, `more than ${maxRows} rows (the limit)`));
      break;
    }
    rowCount += 1;
    const row = checkRow(line, lineNumber);
    if ('message' in row) {
      problems.push(row);
      continue;
    }
    const rowForm = 'text' in row ? 'text' : 'features';
    if (form === null) {
      form = rowForm;
      firstLine = lineNumber;
    } else if (form !== rowForm) {
      problems.push(lineProblem(lineNumber, rowForm, `every row must use the same form as line ${firstLine} (${form})`));
      continue;
    }
    if ('text' in row) texts.push(row.text);
    else {
      const width = featureRows[0]?.length;
      if (width !== undefined && row.features.length !== width) {
        problems.push(lineProblem(lineNumber, 'features', `expected ${width} values like line ${firstLine}, got ${row.features.length}`));
        continue;
      }
      featureRows.push(row.features);
    }
    if (typeof row.label !== 'number') allNumericLabels = false;
    labels.push(String(row.label));
  }
  if (problems.length > 0) return { parsed: null, problems };
  if (form === null) return { parsed: null, problems: [fileProblem('file', 'file: no rows (expected one JSON object per line)')] };
  const classNames = orderClassNames(labels, allNumericLabels);
  if (classNames.length < 2) return { parsed: null, problems: [fileProblem('label', `label: needs at least 2 classes, found only "${classNames[0]}"`)] };
  if (form === 'text') return { parsed: { form, texts, labels, classNames }, problems };
  const width = featureRows[0]?.length ?? 0;
  const features = new Float32Array(featureRows.length * width);
  featureRows.forEach((row, i) => features.set(row, i * width));
  return { parsed: { form, features, width, labels, classNames }, problems };
}

/** Parses and validates a JSONL classification upload; throws an UploadFormatError for the first problem. */
export function parseClassificationJsonl(text: string, limits: UploadLimits = {}): ParsedClassificationUpload {
  const { parsed, problems } = checkClassificationJsonl(text, limits, 1);
  const first = problems[0];
  if (first || !parsed) throw new UploadFormatError(first?.message ?? 'invalid upload', first?.line ?? null, first?.field ?? null);
  return parsed;
}

/** Validates a plain-text upload for character language modelling; returns its length in Unicode code points. */
export function checkTextUpload(text: string, limits: Pick<UploadLimits, 'maxBytes'> = {}): { characters: number } {
  const maxBytes = limits.maxBytes ?? DEFAULT_UPLOAD_LIMITS.maxBytes;
  const size = utf8ByteLength(text);
  if (size > maxBytes) throw new UploadFormatError(`file: ${size} bytes exceeds the limit of ${maxBytes} bytes`, null, 'file');
  if (text.trim() === '') throw new UploadFormatError('file: is empty (expected plain UTF-8 text)', null, 'file');
  // Code points, not UTF-16 units: a surrogate pair is one character to the language model.
  const surrogatePairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  return { characters: text.length - surrogatePairs };
}

/** Decodes upload bytes as strict UTF-8 (a leading byte-order mark is dropped); a bad byte is an UploadFormatError. */
export function decodeUtf8Upload(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UploadFormatError('file: is not valid UTF-8 text', null, 'file');
  }
}
