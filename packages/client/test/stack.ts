// A real Temporal dev server and a real API on a temp data dir, for the CLI suite (no worker: jobs stay queued).
import { startApi, type RunningApi } from '@distillery/api-server';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Stack {
  api: RunningApi;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startStack({
  temporalPort,
  apiPort,
}: {
  temporalPort: number;
  apiPort: number;
}): Promise<Stack> {
  const bin = execFileSync('bash', [path.join(repoRoot, 'scripts/ensure-temporal.sh')], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  const dir = mkdtempSync(path.join(tmpdir(), 'distillery-cli-'));
  const temporal = spawn(
    bin,
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(temporalPort),
      '--http-port',
      String(temporalPort + 1),
      '--metrics-port',
      String(temporalPort + 2),
      '--db-filename',
      path.join(dir, 'temporal.db'),
      '--log-level',
      'error',
    ],
    { stdio: 'ignore' },
  );
  const dataDir = path.join(dir, 'data');
  const api = await startApi({
    dataDir,
    port: apiPort,
    host: '127.0.0.1',
    temporalAddress: `127.0.0.1:${temporalPort}`,
    temporalNamespace: 'default',
    taskQueuePrefix: `cli-test-${process.pid}`,
    adminTokenSeed: undefined,
    consoleOrigins: [],
    logLevel: 'warn',
  });
  // Ready when the API's own health check sees Temporal.
  const deadline = Date.now() + 60_000;
  while ((await fetch(`${api.url}/health`).then((r) => r.status)) !== 200) {
    if (temporal.exitCode !== null || Date.now() > deadline)
      throw new Error('Temporal dev server did not become healthy');
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    api,
    dataDir,
    async stop() {
      await api.close();
      if (temporal.exitCode === null && temporal.signalCode === null) {
        const exited = new Promise((r) => temporal.once('exit', r));
        temporal.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
