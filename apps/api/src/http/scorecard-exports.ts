// GET /scorecards/<id>.json|.md|.svg: a scorecard as a file; published ones need no token, like tRPC scorecards.get.
import { scorecardMarkdown, scorecardSvg } from '@distillery/report';
import type { Scorecard } from '@distillery/schemas';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, type ContextDeps } from '@distillery/api';
import { sendJson } from './json.js';

const FORMATS = {
  json: { contentType: 'application/json; charset=utf-8', render: (sc: Scorecard) => JSON.stringify(sc, null, 2) },
  md: { contentType: 'text/markdown; charset=utf-8', render: scorecardMarkdown },
  svg: { contentType: 'image/svg+xml; charset=utf-8', render: (sc: Scorecard) => scorecardSvg(sc) },
} as const;

const EXPORT_PATH = /^(sc_[a-f0-9]{16,64})\.(json|md|svg)$/;

/** Path after /scorecards/, e.g. "sc_ab12....svg"; answers 400/401/404 or the rendered file. */
export async function handleScorecardExport(
  deps: ContextDeps,
  req: IncomingMessage,
  res: ServerResponse,
  rest: string,
): Promise<void> {
  const match = EXPORT_PATH.exec(rest);
  const id = match?.[1];
  const format = match?.[2] as keyof typeof FORMATS | undefined;
  if (!id || !format) {
    sendJson(res, 400, {
      error: { code: 'BAD_REQUEST', message: 'expected /scorecards/<scorecardId>.json, .md or .svg' },
    });
    return;
  }
  const card = await deps.store.getScorecard(id);
  if (!card?.published) {
    // Check the token before saying whether an unpublished id exists.
    const token = bearerToken(req.headers.authorization);
    if (!token || !(await deps.store.verifyToken(token))) {
      sendJson(res, 401, {
        error: { code: 'UNAUTHORIZED', message: 'a bearer token is required to read an unpublished scorecard' },
      });
      return;
    }
    if (!card) {
      sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `scorecard ${id} not found` } });
      return;
    }
  }
  const { contentType, render } = FORMATS[format];
  const body = render(card);
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    // Content-addressed, but publishing flips `published`; unpublished exports must not be cached publicly.
    'cache-control': card.published ? 'public, max-age=300' : 'private, no-store',
  });
  res.end(body);
}
