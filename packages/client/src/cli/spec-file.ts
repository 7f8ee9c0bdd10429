// Reads a job spec from a JSON or YAML file and validates it, reporting each bad field with its path and line.
import { fieldErrorsFromIssues, JobSpec, type FieldErrors } from '@distillery/schemas';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';

export class SpecFileError extends Error {
  override readonly name = 'SpecFileError';
  constructor(
    readonly file: string,
    readonly problems: string[],
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(`${file} is not a valid job spec:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const EXTENSIONS = ['.json', '.yaml', '.yml'];

/** Parses spec text (JSON is read as YAML, its subset, so both get line numbers). */
export function parseSpecText(text: string, file: string): JobSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length)
    throw new SpecFileError(
      file,
      doc.errors.map((e) => e.message.split('\n')[0] ?? e.message),
    );
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SpecFileError(file, [
      'expected a mapping with a "kind" field (distill, lora, quantize, benchmark or pipeline)',
    ]);
  }
  const result = JobSpec.safeParse(data);
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsFromIssues(result.error.issues);
  const problems = Object.entries(fieldErrors).flatMap(([field, messages]) => {
    const line = lineOf(doc, lineCounter, field);
    return messages.map((m) => `${field}${line ? ` (line ${line})` : ''}: ${m}`);
  });
  throw new SpecFileError(file, problems, fieldErrors);
}

/** The line of the deepest node on the path that exists (a missing field points at its parent). */
function lineOf(doc: Document, lineCounter: LineCounter, field: string): number | null {
  const keys = field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  for (let n = keys.length; n > 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return null;
}

export async function loadSpecFile(file: string): Promise<JobSpec> {
  if (!EXTENSIONS.includes(path.extname(file).toLowerCase())) {
    throw new SpecFileError(file, [`expected a .json, .yaml or .yml file`]);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new SpecFileError(file, [`cannot read it: ${(err as Error).message}`]);
  }
  return parseSpecText(text, file);
}
