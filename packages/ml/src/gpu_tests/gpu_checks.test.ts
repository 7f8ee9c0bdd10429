// Runs the GPU numeric checks on the cpu backend, so the code bench/gpu runs on the H200 is exercised in CI too.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backends.js';
import { NUMERIC_CHECKS } from './index.js';

describe('GPU numeric checks on the cpu backend', () => {
  beforeAll(async () => {
    await initBackend({ force: 'cpu' });
  });

  for (const check of NUMERIC_CHECKS) {
    it(check.name, async () => {
      const detail = await check.run();
      expect(detail.length).toBeGreaterThan(0);
    });
  }
});
