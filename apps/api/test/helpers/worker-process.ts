// Starts the real worker (apps/worker's main, as `npm start` runs it) as a child process polling a suite's queues.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface WorkerProcess {
  process: ChildProcess;
  /** Everything the worker printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function startWorkerProcess(opts: {
  temporalAddress: string;
  taskQueuePrefix: string;
  dataDir: string;
  device?: 'cpu' | 'gpu';
  timeoutMs?: number;
}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: opts.temporalAddress,
      TASK_QUEUE_PREFIX: opts.taskQueuePrefix,
      DISTILLERY_DATA_DIR: opts.dataDir,
      WORKER_DEVICE: opts.device ?? 'cpu',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const timeoutMs = opts.timeoutMs ?? 120_000;
  // The worker prints this line once its workflows are bundled and it polls.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker not polling after ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (): void => {
      if (output.includes('worker polling task queue')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before polling:\n${output}`));
    });
  });
  return {
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
