// The worker process: reads the environment, opens the store, polls its device's task queue until SIGINT/SIGTERM.
import { createSqliteStore } from '@distillery/store';
import { taskQueueFor } from '@distillery/workflows';
import { createActivities } from './activities.js';
import { detectCodeVersion } from './code-version.js';
import { connectWithRetry } from './connect.js';
import { backendOptionsFrom, readWorkerEnv } from './env.js';
import { priceTableFromEnv } from './pricing.js';
import { waitUntilPolled } from './poll-readiness.js';
import { createWorker } from './worker.js';

async function main(): Promise<void> {
  const env = readWorkerEnv();
  const store = createSqliteStore({ dataDir: env.DISTILLERY_DATA_DIR });
  const connection = await connectWithRetry(env.TEMPORAL_ADDRESS, { log: (line) => console.log(line) });
  const taskQueue = taskQueueFor(env.WORKER_DEVICE, env.TASK_QUEUE_PREFIX);
  const activities = createActivities({
    store,
    dataDir: env.DISTILLERY_DATA_DIR,
    device: env.WORKER_DEVICE,
    backend: backendOptionsFrom(env),
    priceTable: priceTableFromEnv(env),
    codeVersion: detectCodeVersion(),
  });
  const worker = await createWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue,
    activities,
    ...(env.WORKFLOW_BUNDLE_PATH === undefined ? {} : { workflowBundlePath: env.WORKFLOW_BUNDLE_PATH }),
  });
  // "worker polling" is announced only once the server lists this worker as a poller: start.sh and the test harnesses
  // wait for that line, and before it the API would answer an estimate with "no worker is polling".
  const stopWaiting = new AbortController();
  const announced = waitUntilPolled({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue,
    identity: worker.options.identity,
    signal: stopWaiting.signal,
  }).then(
    (polled) => {
      if (polled) console.log(`worker polling task queue ${taskQueue} on ${env.TEMPORAL_ADDRESS} (namespace ${env.TEMPORAL_NAMESPACE})`);
    },
    (err: unknown) => console.error(`worker: ${err instanceof Error ? err.message : String(err)}`),
  );
  // The SDK's runtime turns SIGINT/SIGTERM into a graceful shutdown: running activities get shutdownGraceTime to finish.
  try {
    await worker.run();
  } finally {
    stopWaiting.abort();
    await announced;
    await connection.close();
    await store.close();
  }
  console.log('worker stopped');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
