// The worker process: reads the environment, opens the store, polls its device's task queue until SIGINT/SIGTERM.
import { createSqliteStore } from '@distillery/store';
import { taskQueueFor } from '@distillery/workflows';
import { createActivities } from './activities.js';
import { detectCodeVersion } from './code-version.js';
import { connectWithRetry } from './connect.js';
import { readWorkerEnv } from './env.js';
import { priceTableFromEnv } from './pricing.js';
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
    backend: env.DISTILLERY_BACKEND ?? null,
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
  console.log(`worker polling task queue ${taskQueue} on ${env.TEMPORAL_ADDRESS} (namespace ${env.TEMPORAL_NAMESPACE})`);
  // The SDK's runtime turns SIGINT/SIGTERM into a graceful shutdown: running activities get shutdownGraceTime to finish.
  try {
    await worker.run();
  } finally {
    await connection.close();
    await store.close();
  }
  console.log('worker stopped');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
