// Vitest for @distillery/ml-native: numeric checks against tfjs's cpu backend; one fork, BLAS already uses both cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'ml-native',
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
  },
});
