// Integration: `npm start` (scripts/start.sh) brings up Temporal, a polling worker and the API before it says "up",
// and Ctrl-C leaves no process behind.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from './harness.js';

const TEMPORAL_PORT = 7452;
const API_PORT = 7453;

/** Identities the Temporal server lists as recent pollers of the queue: [workflow task pollers, activity task pollers]. */
async function pollersOf(taskQueue: string): Promise<[string[], string[]]> {
  const connection = await Connection.connect({ address: `localhost:${TEMPORAL_PORT}` });
  try {
    const identities = async (taskQueueType: 1 | 2): Promise<string[]> => {
      const answer = await connection.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue },
        taskQueueType,
      });
      return (answer.pollers ?? []).map((poller) => poller.identity ?? '');
    };
    return [await identities(1), await identities(2)];
  } finally {
    await connection.close();
  }
}

/** Every live process whose environment names this data dir: the script and everything it started. */
function processesUsing(dataDir: string): number[] {
  const marker = `DISTILLERY_DATA_DIR=${dataDir}\0`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

const root = tempDir('start');
const dataDir = path.join(root, 'data');

afterAll(() => {
  // Never leave a stack running, even when an assertion failed half-way.
  for (const pid of processesUsing(dataDir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(root, { recursive: true, force: true });
});

describe('scripts/start.sh', () => {
  it('says "up" only once the worker polls its task queue, prefixes logs, and Ctrl-C stops every process', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DISTILLERY_DATA_DIR: dataDir,
      TEMPORAL_PORT: String(TEMPORAL_PORT),
      API_PORT: String(API_PORT),
      CONSOLE_PORT: '7454',
      DISTILLERY_SKIP_CONSOLE: '1',
    };
    delete env.TEMPORAL_ADDRESS;
    delete env.DISTILLERY_ADMIN_TOKEN;
    const script = spawn('bash', ['scripts/start.sh'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    script.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    script.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => script.once('exit', (code) => resolve(code)));

    const started = Date.now();
    while (!output.includes('Distillery is up')) {
      if (script.exitCode !== null) throw new Error(`start.sh exited early:\n${output}`);
      if (Date.now() - started > 150_000) throw new Error(`start.sh not up after 150 s:\n${output}`);
      await sleep(250);
    }
    const upSeconds = (Date.now() - started) / 1000;
    // The moment "up" is printed the worker must already be polling: the API refuses an estimate with
    // SERVICE_UNAVAILABLE ("no cpu worker is polling") while the queue has no poller, so ask the server what the API asks.
    const [workflowPollers, activityPollers] = await pollersOf('distillery-cpu');
    expect(workflowPollers.length, `no workflow poller when "up" was printed:\n${output}`).toBeGreaterThan(0);
    expect(activityPollers.length, `no activity poller when "up" was printed:\n${output}`).toBeGreaterThan(0);
    expect(output.indexOf('[worker] worker polling task queue distillery-cpu')).toBeGreaterThan(-1);
    expect(output.indexOf('[worker] worker polling task queue distillery-cpu')).toBeLessThan(output.indexOf('Distillery is up'));
    expect(output).toContain(`API       http://localhost:${API_PORT}`);
    expect(output).toContain(`Temporal  localhost:${TEMPORAL_PORT}`);
    expect(output).toMatch(/admin token \(first run; shown once\): dst_\S+/);
    const health = await fetch(`http://localhost:${API_PORT}/health`);
    expect(health.ok).toBe(true);
    expect(output).toContain(`[worker] worker polling task queue distillery-cpu on localhost:${TEMPORAL_PORT}`);
    expect(output).not.toContain('[api] [api]');

    const running = processesUsing(dataDir);
    // The script, Temporal, the worker, the API (npm, sh, node) and the log prefixers.
    expect(running.length).toBeGreaterThanOrEqual(6);

    const stopAt = Date.now();
    script.kill('SIGINT');
    const code = await exited;
    const stopSeconds = (Date.now() - stopAt) / 1000;
    expect(code).toBe(130);
    expect(output).toContain('all services stopped');
    expect(processesUsing(dataDir)).toEqual([]);
    console.log(`start.sh: up in ${upSeconds.toFixed(1)} s, ${running.length} processes, all gone ${stopSeconds.toFixed(1)} s after SIGINT`);
  }, 200_000);
});
