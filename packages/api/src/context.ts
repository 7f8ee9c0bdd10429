// Request context: the store, the Temporal gateway and the caller's bearer token (verified by authedProcedure).
import type { Store } from '@distillery/store';
import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';
import type { TemporalGateway } from './temporal-gateway.js';

export interface ContextDeps {
  store: Store;
  temporal: TemporalGateway;
}

export interface Context extends ContextDeps {
  /** The bearer secret as sent, not yet verified; null when absent. */
  token: string | null;
}

/** Builds a context without HTTP, for tests and server-side callers. */
export function createContextInner(opts: ContextDeps & { token?: string | null }): Context {
  return { store: opts.store, temporal: opts.temporal, token: opts.token ?? null };
}

export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

/**
 * The adapter's context factory. Browsers' EventSource cannot send headers, so SSE subscriptions may carry
 * the token in tRPC's connectionParams instead of the Authorization header.
 */
export function createContextFactory(deps: ContextDeps) {
  return ({ req, info }: CreateHTTPContextOptions): Context => {
    const fromParams = info.connectionParams?.token;
    return createContextInner({
      ...deps,
      token: bearerToken(req.headers.authorization) ?? fromParams ?? null,
    });
  };
}
