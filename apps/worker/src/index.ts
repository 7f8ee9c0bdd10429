// Public surface of the worker app for tests and tooling: build activities and workers in-process.
export { createActivities, type ActivityDeps } from './activities.js';
export { createWorker, WORKFLOWS_PATH, type CreateWorkerOptions } from './worker.js';
export { readWorkerEnv, type WorkerEnv } from './env.js';
