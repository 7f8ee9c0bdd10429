// API tests: unit tests next to the code, integration suites under test/ against a real Temporal dev server.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each suite starts its own Temporal dev server; running them one at a time keeps a 2-core machine responsive.
    fileParallelism: false,
  },
});
