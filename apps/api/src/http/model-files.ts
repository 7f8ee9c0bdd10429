// GET /models/<id>/<file>: downloads a model's model.json and weight shards (bearer token required).
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { bearerToken, type ContextDeps } from '@distillery/api';
import { sendJson } from './json.js';

const SEGMENT = /^[A-Za-z0-9._-]+$/;

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.bin': 'application/octet-stream',
};

/** Path after /models/, e.g. "art_ab12.../model.json"; answers 400/401/404 itself, else streams the file. */
export async function handleModelFile(
  deps: ContextDeps,
  req: IncomingMessage,
  res: ServerResponse,
  rest: string,
): Promise<void> {
  const token = bearerToken(req.headers.authorization);
  if (!token || !(await deps.store.verifyToken(token))) {
    sendJson(res, 401, {
      error: { code: 'UNAUTHORIZED', message: 'a valid bearer token is required to download models' },
    });
    return;
  }
  const [id, ...fileParts] = rest.split('/').map((s) => decodeURIComponent(s));
  if (
    !id ||
    fileParts.length === 0 ||
    ![id, ...fileParts].every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')
  ) {
    sendJson(res, 400, { error: { code: 'BAD_REQUEST', message: 'expected /models/<modelId>/<file>' } });
    return;
  }
  const model = await deps.store.getArtifact(id);
  const filePath = fileParts.join('/');
  // Serve only files the store lists for this model, never an arbitrary path.
  const file =
    model?.kind === 'model'
      ? (await deps.store.listArtifactFiles(id)).find((f) => f.path === filePath)
      : undefined;
  if (!file) {
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `model ${id} has no file ${filePath}` } });
    return;
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(filePath)] ?? 'application/octet-stream',
    'content-length': file.sizeBytes,
    // Content-addressed: the bytes behind this URL never change.
    'cache-control': 'private, max-age=31536000, immutable',
  });
  createReadStream(path.join(deps.store.artifactDir(id), ...fileParts))
    .on('error', () => res.destroy())
    .pipe(res);
}
