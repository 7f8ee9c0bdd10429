// The API's HTTP server: tRPC under /trpc, plus /health, model downloads, scorecard exports, data uploads and CORS.
import { appRouter, createContextFactory, type ContextDeps } from '@distillery/api';
import { TRPC_PATH } from '@distillery/schemas';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createLogger, type Logger } from '../logger.js';
import { applyCors } from './cors.js';
import { handleHealth } from './health.js';
import { sendJson } from './json.js';
import { handleModelFile } from './model-files.js';
import { handleScorecardExport } from './scorecard-exports.js';
import { handleUpload, MAX_UPLOAD_BYTES } from './uploads.js';

/** Request bodies above this are refused with 413 PAYLOAD_TOO_LARGE. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Every response carries its request's id here; a request that brings a well-formed one keeps it. */
export const REQUEST_ID_HEADER = 'x-request-id';
const GIVEN_REQUEST_ID = /^[\w.:-]{1,128}$/;

export interface ApiServerOptions extends ContextDeps {
  consoleOrigins: readonly string[];
  /** Where POST /uploads stores files: `<data dir>/uploads`, the folder the worker's data loader reads. */
  uploadsDir: string;
  /** Upload bodies above this get 413; defaults to MAX_UPLOAD_BYTES (32 MiB). */
  maxUploadBytes?: number;
  /** Where request lines (debug) and errors that reach the top (500s) go, each with its request id. */
  logger?: Logger;
}

function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && GIVEN_REQUEST_ID.test(given) ? given : randomUUID();
}

export function createApiServer(opts: ApiServerOptions): http.Server {
  const deps: ContextDeps = { store: opts.store, temporal: opts.temporal };
  const uploads = { uploadsDir: opts.uploadsDir, maxUploadBytes: opts.maxUploadBytes ?? MAX_UPLOAD_BYTES };
  const logger = opts.logger ?? createLogger();
  // tRPC's onError gets the request, not our handler's locals: this finds the request's own logger.
  const requestLoggers = new WeakMap<http.IncomingMessage, Logger>();
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: `${TRPC_PATH}/`,
    maxBodySize: MAX_BODY_BYTES,
    createContext: createContextFactory(deps),
    onError: ({ error, path, req }) => {
      if (error.code !== 'INTERNAL_SERVER_ERROR') return;
      (requestLoggers.get(req) ?? logger).error({ err: error.cause ?? error, procedure: path }, 'procedure failed');
    },
  });

  return http.createServer((req, res) => {
    const started = performance.now();
    const requestId = requestIdOf(req);
    const url = new URL(req.url ?? '/', 'http://api.invalid');
    const log = logger.child({ requestId });
    requestLoggers.set(req, log);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // 'close' also fires when a client leaves an SSE stream early.
    res.once('close', () => {
      log.debug(
        { method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) },
        'request',
      );
    });
    if (applyCors(req, res, opts.consoleOrigins)) return;
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
      log.error({ err, path: url.pathname }, 'request failed');
      if (!res.headersSent)
        sendJson(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'internal error' } });
      else res.destroy();
    });
  });
}
