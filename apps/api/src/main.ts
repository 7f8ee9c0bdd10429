// Entry point: `npm start -w @distillery/api-server`. Logs where it listens; stops cleanly on SIGINT/SIGTERM.
import { TRPC_PATH } from '@distillery/schemas';
import { startApi } from './app.js';
import { loadConfig } from './env.js';
import { createLogger, type Logger } from './logger.js';

// Until the config is read, log at the default level (a bad LOG_LEVEL is itself a start-up error).
let logger: Logger = createLogger();

async function main(): Promise<void> {
  const config = loadConfig();
  logger = createLogger(config.logLevel);
  const api = await startApi(config, { logger });
  if (api.adminToken.createdSecret) {
    // scripts/start.sh finds the secret in logs/api.log and prints it with the stack's summary.
    logger.info(
      { adminToken: api.adminToken.createdSecret, file: api.adminToken.file },
      `first run: created admin token (shown once here, also saved to ${api.adminToken.file})`,
    );
  }
  logger.info(
    {
      url: api.url,
      dataDir: config.dataDir,
      temporalAddress: config.temporalAddress,
      temporalNamespace: config.temporalNamespace,
    },
    `listening on ${api.url} (tRPC at ${api.url}${TRPC_PATH}, health at ${api.url}/health); data ${config.dataDir}; Temporal ${config.temporalAddress} namespace ${config.temporalNamespace}`,
  );

  const shutdown = (signal: string) => {
    logger.info({ signal }, `${signal}: shutting down`);
    api.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  logger.fatal({ err }, `failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
