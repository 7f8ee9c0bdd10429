// Public surface of the API package: the router type for typed clients, and the server for tests and tools.
export type { AppRouter } from './routers/_app.js';
export { appRouter } from './routers/_app.js';
export { startApi, type RunningApi } from './app.js';
export { loadConfig, type ApiConfig } from './env.js';
export { createApiServer, MAX_BODY_BYTES, TRPC_PATH, type ApiServerOptions } from './http/server.js';
export { MAX_UPLOAD_BYTES } from './http/uploads.js';
export { checkHealth, type HealthReport } from './http/health.js';
export { createContextInner, type Context } from './context.js';
export { createTemporalGateway, type TemporalGateway } from './temporal.js';
export { createCallerFactory } from './trpc.js';
