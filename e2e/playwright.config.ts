// Playwright against the whole real stack (Temporal dev server, worker, API, console) started by scripts/start.sh.
import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_TOKEN, API_PORT, API_URL, CONSOLE_PORT, CONSOLE_URL, TEMPORAL_PORT } from './stack';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

// A fresh data directory per run; workers inherit it through the environment instead of making their own.
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'distillery-e2e-'));
const dataDir = process.env.E2E_DATA_DIR;

export default defineConfig({
  testDir: here,
  testMatch: '**/*.e2e.ts',
  outputDir: path.join(here, 'test-results'),
  globalTeardown: path.join(here, 'global-teardown.ts'),
  forbidOnly: !!process.env.CI,
  retries: 0,
  // The jobs share two CPU cores with the whole stack: one browser at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  timeout: 4 * 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: path.join(here, 'playwright-report') }]],
  use: {
    baseURL: CONSOLE_URL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's chromium: Playwright never downloads a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'],
    },
  },
  webServer: {
    command: 'bash scripts/start.sh',
    cwd: repoRoot,
    url: CONSOLE_URL,
    // The first `next build` on two cores takes minutes; Temporal and the worker start alongside.
    timeout: 10 * 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGINT', timeout: 20_000 },
    env: {
      CONSOLE_PORT: String(CONSOLE_PORT),
      API_PORT: String(API_PORT),
      TEMPORAL_PORT: String(TEMPORAL_PORT),
      DISTILLERY_API_URL: API_URL,
      CONSOLE_ORIGIN: CONSOLE_URL,
      DISTILLERY_DATA_DIR: dataDir,
      DISTILLERY_ADMIN_TOKEN: ADMIN_TOKEN,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
