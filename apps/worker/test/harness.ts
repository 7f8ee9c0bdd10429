// Real processes for the integration suites: a Temporal dev server on a temp db, worker processes, a temp data dir.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { JobEvent } from '@distillery/schemas';
import type { Store } from '@distillery/store';
import { WORKFLOWS_PATH } from '../src/worker.js';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const WORKER_MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export function temporalBinary(): string {
  return execFileSync('bash', [path.join(REPO_ROOT, 'scripts/ensure-temporal.sh')], { encoding: 'utf8' }).trim().split('\n').pop()!;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `distillery-${prefix}-`));
}

/** Collects a process's output so a failing test can show it. */
function captureOutput(child: ChildProcess, name: string, lines: string[]): void {
  const take = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(`[${name}] ${line}`);
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
}

export class TemporalDevServer {
  process: ChildProcess | null = null;
  readonly output: string[] = [];

  constructor(
    readonly port: number,
    readonly dbFile: string,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      temporalBinary(),
      ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(this.port), '--db-filename', this.dbFile, '--log-level', 'error'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    captureOutput(child, 'temporal', this.output);
    this.process = child;
    await waitForTemporal(this.address, 30_000);
  }

  /** kill -9: no chance to flush or say goodbye, like a crashed machine's process. */
  killHard(): void {
    this.process?.kill('SIGKILL');
    this.process = null;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = null;
    await stopProcess(child);
  }
}

export async function waitForTemporal(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await sleep(250);
    }
  }
  throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

async function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Bundles the workflow code once for every worker process a suite starts (bundling takes seconds each time). */
export async function prebuiltWorkflowBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  const file = path.join(dir, 'workflow-bundle.js');
  writeFileSync(file, code);
  return file;
}

const noop = (): void => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

export interface WorkerProcessEnv {
  dataDir: string;
  temporalAddress: string;
  taskQueuePrefix: string;
  workflowBundlePath: string;
}

export class WorkerProcess {
  readonly process: ChildProcess;
  readonly output: string[];
  private readonly ready: Promise<void>;

  constructor(env: WorkerProcessEnv, output: string[], name = 'worker') {
    this.output = output;
    // Node itself with tsx's loader, not the tsx CLI: the CLI would stand between us and the worker, and kill -9 would orphan it.
    this.process = spawn(process.execPath, ['--import', 'tsx', WORKER_MAIN], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DISTILLERY_DATA_DIR: env.dataDir,
        TEMPORAL_ADDRESS: env.temporalAddress,
        TASK_QUEUE_PREFIX: env.taskQueuePrefix,
        WORKFLOW_BUNDLE_PATH: env.workflowBundlePath,
        // The best backend that loads, as in production, unless the caller forces one.
        ...(process.env.DISTILLERY_BACKEND ? { DISTILLERY_BACKEND: process.env.DISTILLERY_BACKEND } : {}),
      },
    });
    captureOutput(this.process, name, output);
    this.ready = new Promise((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        if (chunk.toString().includes('worker polling task queue')) {
          this.process.stdout?.off('data', onData);
          resolve();
        }
      };
      this.process.stdout?.on('data', onData);
      this.process.once('exit', (code) => reject(new Error(`worker exited with code ${code} before polling:\n${output.join('\n')}`)));
    });
  }

  waitUntilPolling(): Promise<void> {
    return this.ready;
  }

  killHard(): void {
    this.process.kill('SIGKILL');
  }

  stop(): Promise<void> {
    return stopProcess(this.process, 8000);
  }
}

export async function connectClient(address: string): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection }), close: () => connection.close() };
}

/** Polls the store until `predicate` holds for the job's events, returning them. */
export async function waitForEvents(
  store: Store,
  jobId: string,
  predicate: (events: JobEvent[]) => boolean,
  timeoutMs: number,
  what: string,
): Promise<JobEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await store.listEvents(jobId, -1, 1000);
    if (predicate(events)) return events;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; events: ${events.map((e) => `${e.type}:${e.status ?? e.stage ?? ''}:${e.message ?? ''}`).join(' | ')}`);
    }
    await sleep(100);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
