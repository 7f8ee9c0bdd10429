import { describe, expect, it } from 'vitest';
import { checkMatMul } from '../gpu_tests/index.js';
import { describeEachBackend } from '../testing/each_backend.js';
import { checkFusedAdam } from './checks.js';
import { installWebgpuKernels, installedWebgpuKernels } from './install.js';
import { splitKFactor } from './matmul_kernels.js';
import { testBackendOptions } from '../testing/env.js';
import { STOCK_WEBGPU_KERNELS, TUNED_WEBGPU_KERNELS, describeWebgpuKernels, webgpuKernelSettings } from './settings.js';

describe('webgpu kernel settings', () => {
  it('defaults to the tuned kernels; "stock" turns them off; explicit settings pass through; anything else is named', () => {
    expect(webgpuKernelSettings()).toEqual(TUNED_WEBGPU_KERNELS);
    expect(webgpuKernelSettings('tuned')).toEqual(TUNED_WEBGPU_KERNELS);
    expect(webgpuKernelSettings('stock')).toEqual(STOCK_WEBGPU_KERNELS);
    const custom = { matmul: { tile: 't64' as const, transposeBViaTranspose: false }, fusedAdam: false };
    expect(webgpuKernelSettings(custom)).toBe(custom);
    expect(() => webgpuKernelSettings('fast' as 'tuned')).toThrow(/webgpu kernels must be "tuned" or "stock", got "fast"/);
    expect(() => testBackendOptions({ DISTILLERY_WEBGPU_KERNELS: 'fast' })).toThrow(/DISTILLERY_WEBGPU_KERNELS must be "tuned" or "stock", got "fast"/);
    expect(describeWebgpuKernels(TUNED_WEBGPU_KERNELS)).toBe('Distillery kernels: matmul transposeB→transpose,splitK; fused Adam');
    expect(describeWebgpuKernels(STOCK_WEBGPU_KERNELS)).toBe('stock kernels');
  });

  it('splits a weight gradient over its long batch axis until the GPU has enough workgroups, in chunks of ≥ 256', () => {
    expect(splitKFactor(784, 800, 128)).toBe(1); // short K: nothing to split
    expect(splitKFactor(128, 800, 784)).toBe(2); // 784 = 2 × 392; 4 chunks would be under 256
    expect(splitKFactor(800, 800, 8192)).toBe(4); // 625 workgroups: 8 splits would pass the 4096 target
    expect(splitKFactor(64, 64, 8192)).toBe(16); // 4 workgroups: capped at 16 splits
    expect(splitKFactor(4096, 4096, 8192)).toBe(1); // the output alone fills the GPU
  });
});

await describeEachBackend(
  'webgpu kernels',
  () => {
    it('loads with the kernels its options name (the tuned ones unless DISTILLERY_WEBGPU_KERNELS says otherwise)', () => {
      expect(installedWebgpuKernels()).toEqual(webgpuKernelSettings(testBackendOptions().webgpu?.kernels));
    });

    it('fused Adam and AdamW match TrainingOptimizer’s elementwise update', async () => {
      expect(await checkFusedAdam()).toMatch(/adamw: worst relative difference/);
    });

    it('tuned and stock matmuls both match a float64 reference, transposes and split-K included', async () => {
      const installed = installedWebgpuKernels() ?? TUNED_WEBGPU_KERNELS;
      try {
        for (const settings of [TUNED_WEBGPU_KERNELS, STOCK_WEBGPU_KERNELS]) {
          installWebgpuKernels(settings);
          expect(await checkMatMul()).toMatch(/4096x64ᵀ·4096x64: worst relative error/);
        }
      } finally {
        installWebgpuKernels(installed);
      }
    });
  },
  { only: ['webgpu'] },
);
