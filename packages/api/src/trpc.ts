// The one tRPC instance: router, public and authed procedures, and the error shape clients see.
import type { TokenInfo } from '@distillery/schemas';
import { initTRPC, TRPCError } from '@trpc/server';
import type { Context } from './context.js';
import { failureOf, fieldErrorsOf, toTRPCError } from './errors.js';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        /** Messages per dotted input path, e.g. `spec.train.epochs`; null unless the input (or the spec) was refused. */
        fieldErrors: fieldErrorsOf(error),
        /** A worker's failure details (kind, field, limit, hint); null unless a worker refused the request. */
        failure: failureOf(error),
      },
    };
  },
  sse: {
    // Comments every few seconds keep proxies from closing an idle stream.
    ping: { enabled: true, intervalMs: 5_000 },
    client: { reconnectAfterInactivityMs: 15_000 },
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Maps domain errors thrown anywhere below to tRPC codes, keeping the original as `cause`. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause ?? result.error);
    if (result.error.code !== 'INTERNAL_SERVER_ERROR' || mapped.code === 'INTERNAL_SERVER_ERROR')
      return result;
    return { ...result, error: mapped };
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

/** Verifies the bearer token against the store before the resolver runs; nothing is changed on failure. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const caller: TokenInfo | null = ctx.token ? await ctx.store.verifyToken(ctx.token) : null;
  if (!caller) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: ctx.token ? 'the bearer token is unknown or revoked' : 'a bearer token is required',
    });
  }
  return next({ ctx: { ...ctx, caller } });
});
