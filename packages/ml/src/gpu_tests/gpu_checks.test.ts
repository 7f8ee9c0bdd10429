// Runs the GPU numeric checks that bench/gpu runs on the H200: on the cpu backend, and on webgpu wherever it loads
// (`npm test` runs it on Mesa's lavapipe, a software Vulkan driver), with the fp32 GPU tolerances.
import { expect, it } from 'vitest';
import { describeEachBackend } from '../testing/each_backend.js';
import { NUMERIC_CHECKS } from './index.js';

await describeEachBackend(
  'GPU numeric checks',
  () => {
    for (const check of NUMERIC_CHECKS) {
      it(check.name, async () => {
        const detail = await check.run();
        expect(detail.length).toBeGreaterThan(0);
      });
    }
  },
  { only: ['cpu', 'webgpu'] },
);
