// The API server (@distillery/api-server): serves the @distillery/api router over HTTP; exported for tests and tools.
export { startApi, type RunningApi, type StartApiOptions } from './app.js';
export { loadConfig, type ApiConfig } from './env.js';
export { createApiServer, MAX_BODY_BYTES, REQUEST_ID_HEADER, type ApiServerOptions } from './http/server.js';
export { MAX_UPLOAD_BYTES } from './http/uploads.js';
export { checkHealth, type HealthReport } from './http/health.js';
export { createLogger, type Logger, type LogLevel } from './logger.js';
export { createTemporalGateway, type TemporalGateway } from './temporal.js';
