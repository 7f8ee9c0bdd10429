// Removes the run's temporary data directory after the stack has stopped.
import { spawn } from 'node:child_process';

/**
 * Playwright runs global teardown before it stops the webServer, so the stack still has the directory open here;
 * a detached shell removes it once the stack had time to shut down (gracefulShutdown allows 20 s).
 */
export default function globalTeardown(): void {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir?.includes('distillery-e2e-')) return;
  if (process.env.E2E_KEEP_DATA === '1') {
    console.log(`e2e data kept in ${dataDir}`);
    return;
  }
  spawn('sh', ['-c', 'sleep 30; rm -rf "$0"', dataDir], { detached: true, stdio: 'ignore' }).unref();
}
