// Connects to Temporal, retrying while the server starts (npm start launches both at once).
import { setTimeout as sleep } from 'node:timers/promises';
import { NativeConnection } from '@temporalio/worker';

export async function connectWithRetry(address: string, opts: { timeoutMs?: number; log?: (line: string) => void } = {}): Promise<NativeConnection> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect({ address });
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`cannot reach Temporal at ${address} (TEMPORAL_ADDRESS): ${(err as Error).message}`);
      if (attempt === 1) opts.log?.(`waiting for Temporal at ${address} ...`);
      await sleep(Math.min(500 * attempt, 3000));
    }
  }
}
