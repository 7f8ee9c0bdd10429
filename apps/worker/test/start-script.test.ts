// Integration: `npm start` (scripts/start.sh) brings up Temporal, a worker and the API, and Ctrl-C leaves no process behind.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from './harness.js';

const TEMPORAL_PORT = 7452;
const API_PORT = 7453;

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
  it('starts Temporal, a worker and the API with prefixed logs, and Ctrl-C stops every process', async () => {
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
    expect(output).toContain(`API       http://localhost:${API_PORT}`);
    expect(output).toContain(`Temporal  localhost:${TEMPORAL_PORT}`);
    expect(output).toMatch(/admin token \(first run; shown once\): dst_\S+/);
    const health = await fetch(`http://localhost:${API_PORT}/health`);
    expect(health.ok).toBe(true);
    // The worker logs once it polls; give it the time the API may have needed less of.
    while (!output.includes('[worker] worker polling task queue distillery-cpu') && Date.now() - started < 150_000) await sleep(250);
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
