// Shared test helpers for @distillery/ml: tolerance checks, asynchronous tensor reads and a per-backend suite runner.
export { expectClose, expectCloseAsync } from './expect_close.js';
export { scalarAsync, valuesAsync } from './read_async.js';
export { describeEachBackend } from './each_backend.js';
export { testBackendOptions, testedBackends } from './env.js';
