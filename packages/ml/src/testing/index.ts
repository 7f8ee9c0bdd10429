// Shared test helpers for @distillery/ml: tolerance checks and a per-backend suite runner.
export { expectClose, expectCloseAsync } from './expect_close.js';
export { describeEachBackend } from './each_backend.js';
