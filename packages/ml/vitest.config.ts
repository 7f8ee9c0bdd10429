// Vitest for @distillery/ml: real training runs take seconds, so timeouts are generous; two forks match the two cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'ml',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
