// The API's HTTP server: tRPC under /trpc, plus /health, model downloads, scorecard exports, data uploads and CORS.
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import http from 'node:http';
import { createContextFactory, type ContextDeps } from '../context.js';
import { appRouter } from '../routers/_app.js';
import { handleHealth } from './health.js';
import { sendJson } from './json.js';
import { handleModelFile } from './model-files.js';
import { handleScorecardExport } from './scorecard-exports.js';
import { applyCors } from './cors.js';
import { handleUpload, MAX_UPLOAD_BYTES } from './uploads.js';

/** Request bodies above this are refused with 413 PAYLOAD_TOO_LARGE. */
export const MAX_BODY_BYTES = 1024 * 1024;

export const TRPC_PATH = '/trpc';

export interface ApiServerOptions extends ContextDeps {
  consoleOrigins: readonly string[];
  /** Where POST /uploads stores files: `<data dir>/uploads`, the folder the worker's data loader reads. */
  uploadsDir: string;
  /** Upload bodies above this get 413; defaults to MAX_UPLOAD_BYTES (32 MiB). */
  maxUploadBytes?: number;
  /** Called with errors that reach the top (500s); defaults to console.error. */
  onError?: (err: unknown, path: string | undefined) => void;
}

export function createApiServer(opts: ApiServerOptions): http.Server {
  const deps: ContextDeps = { store: opts.store, temporal: opts.temporal };
  const uploads = { uploadsDir: opts.uploadsDir, maxUploadBytes: opts.maxUploadBytes ?? MAX_UPLOAD_BYTES };
  const onError = opts.onError ?? ((err, path) => console.error(`[api] ${path ?? '?'}:`, err));
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: `${TRPC_PATH}/`,
    maxBodySize: MAX_BODY_BYTES,
    createContext: createContextFactory(deps),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') onError(error.cause ?? error, path);
    },
  });

  return http.createServer((req, res) => {
    if (applyCors(req, res, opts.consoleOrigins)) return;
    const url = new URL(req.url ?? '/', 'http://api.invalid');
    const route = async (): Promise<void> => {
      if (url.pathname.startsWith(`${TRPC_PATH}/`)) return trpcHandler(req, res);
      // Raw bodies, outside tRPC, so a data file is not held to the 1 MiB JSON limit.
      if (req.method === 'POST' && url.pathname === '/uploads') return handleUpload(deps, uploads, req, res, url);
      if (req.method === 'GET' && url.pathname === '/health') return handleHealth(deps, res);
      if (req.method === 'GET' && url.pathname.startsWith('/models/')) {
        return handleModelFile(deps, req, res, url.pathname.slice('/models/'.length));
      }
      if (req.method === 'GET' && url.pathname.startsWith('/scorecards/')) {
        return handleScorecardExport(deps, req, res, url.pathname.slice('/scorecards/'.length));
      }
      sendJson(res, 404, {
        error: { code: 'NOT_FOUND', message: `no route ${req.method ?? ''} ${url.pathname}` },
      });
    };
    route().catch((err: unknown) => {
      onError(err, url.pathname);
      if (!res.headersSent)
        sendJson(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'internal error' } });
      else res.destroy();
    });
  });
}
