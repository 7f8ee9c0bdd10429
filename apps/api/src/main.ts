// Entry point: `npm start -w @distillery/api`. Prints where it listens; stops cleanly on SIGINT/SIGTERM.
import { startApi } from './app.js';
import { loadConfig } from './env.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const api = await startApi(config);
  if (api.adminToken.createdSecret) {
    console.log(`[api] first run: created admin token (shown once, also saved to ${api.adminToken.file}):`);
    console.log(`[api]   ${api.adminToken.createdSecret}`);
  }
  console.log(`[api] listening on ${api.url} (tRPC at ${api.url}/trpc, health at ${api.url}/health)`);
  console.log(
    `[api] data ${config.dataDir}; Temporal ${config.temporalAddress} namespace ${config.temporalNamespace}`,
  );

  const shutdown = (signal: string) => {
    console.log(`[api] ${signal}: shutting down`);
    api.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('[api] shutdown failed:', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('[api] failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
