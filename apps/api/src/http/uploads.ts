// POST /uploads?kind=classification|text&name=...: validates a raw data file and stores it content-addressed for the worker.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import {
  checkClassificationJsonl,
  checkTextUpload,
  decodeUtf8Upload,
  UPLOAD_EXTENSIONS,
  UploadFormatError,
  UploadKind,
  type UploadResult,
} from '@distillery/schemas';
import { bearerToken, type ContextDeps } from '@distillery/api';
import { sendJson } from './json.js';

/** Upload bodies above this are refused with 413; separate from (and far above) the tRPC body limit. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;
/** Rows listed in a 400 answer; enough to fix a file in one pass without an enormous response. */
const MAX_LISTED_PROBLEMS = 20;
/** Hex digits of the sha256 kept as the upload id: 96 bits, collision-free at any realistic scale. */
const ID_HEX_DIGITS = 24;

class BodyTooLargeError extends Error {}

function tooLarge(res: ServerResponse, limit: number, size: number | null): void {
  const mib = (limit / (1024 * 1024)).toFixed(0);
  sendJson(res, 413, {
    error: {
      code: 'PAYLOAD_TOO_LARGE',
      message: `file: ${size === null ? 'more than' : `${size} bytes, over`} the upload limit of ${limit} bytes (${mib} MiB)`,
    },
  });
}

/** Reads the whole body, stopping as soon as it passes `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** Writes through a temporary name so the worker never reads half a file; same bytes, same name, so a repeat is a no-op. */
async function storeContentAddressed(file: string, bytes: Buffer): Promise<void> {
  const existing = await stat(file).catch(() => null);
  if (existing?.size === bytes.length) return;
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.partial`;
  await writeFile(temporary, bytes);
  await rename(temporary, file);
}

export interface UploadRouteOptions {
  uploadsDir: string;
  maxUploadBytes: number;
}

export async function handleUpload(
  deps: ContextDeps,
  opts: UploadRouteOptions,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const token = bearerToken(req.headers.authorization);
  if (!token || !(await deps.store.verifyToken(token))) {
    sendJson(res, 401, { error: { code: 'UNAUTHORIZED', message: 'a valid bearer token is required to upload data' } });
    return;
  }
  const kind = UploadKind.safeParse(url.searchParams.get('kind'));
  if (!kind.success) {
    sendJson(res, 400, { error: { code: 'BAD_REQUEST', message: `kind: must be one of ${UploadKind.options.join(', ')}` } });
    return;
  }
  const name = url.searchParams.get('name');
  if (name !== null && (name.length === 0 || name.length > 256)) {
    sendJson(res, 400, { error: { code: 'BAD_REQUEST', message: 'name: must be 1 to 256 characters' } });
    return;
  }
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > opts.maxUploadBytes) {
    tooLarge(res, opts.maxUploadBytes, declared);
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readBody(req, opts.maxUploadBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    tooLarge(res, opts.maxUploadBytes, null);
    return;
  }

  let summary: Pick<UploadResult, 'rows' | 'characters' | 'classNames'>;
  try {
    const text = decodeUtf8Upload(bytes);
    if (kind.data === 'text') summary = checkTextUpload(text, { maxBytes: opts.maxUploadBytes });
    else {
      const { parsed, problems } = checkClassificationJsonl(text, { maxBytes: opts.maxUploadBytes }, MAX_LISTED_PROBLEMS);
      if (!parsed) {
        sendJson(res, 400, {
          error: {
            code: 'BAD_REQUEST',
            message: `${problems.length}${problems.length >= MAX_LISTED_PROBLEMS ? '+' : ''} problem(s); first: ${problems[0]?.message ?? 'invalid upload'}`,
            problems,
          },
        });
        return;
      }
      summary = { rows: parsed.labels.length, classNames: parsed.classNames };
    }
  } catch (error) {
    if (!(error instanceof UploadFormatError)) throw error;
    const problem = { line: error.line, field: error.field, message: error.message };
    sendJson(res, 400, { error: { code: 'BAD_REQUEST', message: error.message, problems: [problem] } });
    return;
  }

  // The kind is hashed in too, so one file uploaded as both kinds gets two ids and the loader never picks the wrong one.
  const id = createHash('sha256').update(`${kind.data}\n`).update(bytes).digest('hex').slice(0, ID_HEX_DIGITS);
  await storeContentAddressed(path.join(opts.uploadsDir, `${id}${UPLOAD_EXTENSIONS[kind.data]}`), bytes);
  const result: UploadResult = { id, dataset: `upload:${id}`, kind: kind.data, name, bytes: bytes.length, ...summary };
  sendJson(res, 201, result);
}
