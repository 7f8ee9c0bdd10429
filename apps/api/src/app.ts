// Wires a running API from its config: store, Temporal gateway, first admin token, HTTP server.
import { createSqliteStore, type Store } from '@distillery/store';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ensureAdminToken, type AdminTokenResult } from './admin-token.js';
import type { ApiConfig } from './env.js';
import { createApiServer } from './http/server.js';
import { createLogger, type Logger } from './logger.js';
import { createTemporalGateway, type TemporalGateway } from './temporal.js';

export interface RunningApi {
  url: string;
  port: number;
  server: http.Server;
  store: Store;
  temporal: TemporalGateway;
  adminToken: AdminTokenResult;
  logger: Logger;
  close(): Promise<void>;
}

export interface StartApiOptions {
  /** Defaults to JSON lines on stdout at `config.logLevel`. */
  logger?: Logger;
}

export async function startApi(config: ApiConfig, opts: StartApiOptions = {}): Promise<RunningApi> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const store = createSqliteStore({ dataDir: config.dataDir });
  const temporal = createTemporalGateway({
    address: config.temporalAddress,
    namespace: config.temporalNamespace,
    taskQueuePrefix: config.taskQueuePrefix,
  });
  const adminToken = await ensureAdminToken(store, config.dataDir, config.adminTokenSeed);
  const server = createApiServer({
    store,
    temporal,
    consoleOrigins: config.consoleOrigins,
    // The worker reads `upload:<id>` data sets from this same folder (apps/worker uploadsDirOf).
    uploadsDir: path.join(config.dataDir, 'uploads'),
    logger,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    store,
    temporal,
    adminToken,
    logger,
    close() {
      closing ??= (async () => {
        // Stop accepting, end open SSE streams, then release Temporal and the database.
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await temporal.close();
        await store.close();
      })();
      return closing;
    },
  };
}
