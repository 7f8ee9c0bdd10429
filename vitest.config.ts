// One vitest run over every workspace, so `npm test` can report a single pass/fail count.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'scripts'],
  },
});
