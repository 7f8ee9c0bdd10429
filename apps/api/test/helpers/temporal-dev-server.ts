// Starts a real Temporal dev server (the CLI binary from scripts/ensure-temporal.sh) on a given port for a suite.
import { Connection } from '@temporalio/client';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface TemporalDevServer {
  address: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function temporalBinary(): string {
  return execFileSync('bash', [path.join(repoRoot, 'scripts/ensure-temporal.sh')], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
}

/** `port` serves gRPC; port+1 and port+2 take the HTTP API and metrics so suites never collide. */
export async function startTemporalDevServer(
  port: number,
  { timeoutMs = 60_000 } = {},
): Promise<TemporalDevServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'distillery-temporal-'));
  const child = spawn(
    temporalBinary(),
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--http-port',
      String(port + 1),
      '--metrics-port',
      String(port + 2),
      '--db-filename',
      path.join(dir, 't.db'),
      '--log-level',
      'error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited (${child.exitCode}): ${stderr}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.describeNamespace({ namespace: 'default' });
      await connection.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(
          `temporal dev server on ${address} not ready in ${timeoutMs} ms: ${String(err)}\n${stderr}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    address,
    port,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
