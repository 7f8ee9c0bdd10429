// The shared fixture of the worker's integration suites: a real Temporal dev server, a SQLite store with two tiny
// registered classifiers, a Temporal client, and worker child processes started on demand.
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Artifact } from '@distillery/schemas';
import { createSqliteStore, type Store } from '@distillery/store';
import { importTinyClassifiers } from './fixtures.js';
import { connectClient, prebuiltWorkflowBundle, tempDir, TemporalDevServer, WorkerProcess, type WorkerProcessEnv } from './harness.js';

export class WorkerTestStack {
  readonly workers: WorkerProcess[] = [];
  /** Every worker's log lines, for failure messages. */
  readonly output: string[] = [];
  readonly root: string;
  readonly temporal: TemporalDevServer;
  store!: Store;
  client!: Client;
  models!: { wide: Artifact; narrow: Artifact };
  private workerEnv!: WorkerProcessEnv;
  private closeClient: (() => Promise<void>) | undefined;

  constructor(name: string, temporalPort: number, private readonly taskQueuePrefix: string) {
    this.root = tempDir(name);
    this.temporal = new TemporalDevServer(temporalPort, path.join(this.root, 'temporal.db'));
  }

  /** Starts Temporal, opens the store, registers the fixture models and starts one worker. */
  async start(): Promise<void> {
    const dataDir = path.join(this.root, 'data');
    const [bundlePath] = await Promise.all([prebuiltWorkflowBundle(this.root), this.temporal.start()]);
    this.store = createSqliteStore({ dataDir });
    this.models = await importTinyClassifiers(this.store, path.join(this.root, 'fixtures'));
    this.workerEnv = { dataDir, temporalAddress: this.temporal.address, taskQueuePrefix: this.taskQueuePrefix, workflowBundlePath: bundlePath };
    ({ client: this.client, close: this.closeClient } = await connectClient(this.temporal.address));
    await this.startWorker().waitUntilPolling();
  }

  startWorker(): WorkerProcess {
    const worker = new WorkerProcess(this.workerEnv, this.output, `worker${this.workers.length + 1}`);
    this.workers.push(worker);
    return worker;
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
    await this.closeClient?.();
    await this.temporal.stop();
    await this.store?.close();
    rmSync(this.root, { recursive: true, force: true });
  }
}
