// The tRPC API as a package: the router and its type for typed clients, contexts, and a server-side caller.
// HTTP lives in apps/api (@distillery/api-server); clients import only the `AppRouter` type from here.
import { appRouter } from './routers/_app.js';
import { createCallerFactory } from './trpc.js';

export { appRouter, type AppRouter } from './routers/_app.js';
export { createCallerFactory } from './trpc.js';
export {
  bearerToken,
  createContextFactory,
  createContextInner,
  type Context,
  type ContextDeps,
} from './context.js';
export type { TemporalGateway } from './temporal-gateway.js';
export {
  EstimateUnavailableError,
  FAILURE_KIND_CODES,
  PreconditionFailedError,
  TemporalUnavailableError,
} from './errors.js';

/** Calls procedures in-process, without HTTP: `createCaller(createContextInner({ store, temporal, token }))`. */
export const createCaller = createCallerFactory(appRouter);
