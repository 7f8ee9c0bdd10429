// Vitest for the project's own scripts (the pure parts: parsing, resolving).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'scripts',
    include: ['**/*.test.ts'],
  },
});
