// Unit tests of the console's pure logic (formatting, spec paths, field errors); pages are covered by e2e/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'console',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
