// Worker tests: unit tests beside the code, integration suites under test/ with real Temporal and worker processes.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@distillery/worker',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // The integration suites each start a Temporal server and workers: one file at a time on a small machine.
    fileParallelism: false,
  },
});
