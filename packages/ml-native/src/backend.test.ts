// registerNativeBackend: every cpu kernel exists under `native`, the heavy ones are the addon's, and the status says
// which BLAS and how many threads.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { nativeAvailable } from './addon.js';
import { NATIVE_BACKEND_NAME, NATIVE_KERNEL_NAMES, registerNativeBackend } from './backend.js';
import { nativeSkipReason } from './testing.js';

const skip = nativeSkipReason();

describe('nativeAvailable', () => {
  it('answers ok with a BLAS and thread count, or not ok with a reason', () => {
    const status = nativeAvailable();
    if (status.ok) {
      expect(status.blas).toMatch(/\S/);
      expect(status.threads).toBeGreaterThanOrEqual(1);
    } else {
      expect(status.reason).toMatch(/\S/);
      expect(registerNativeBackend()).toBe(false);
    }
  });
});

describe.skipIf(skip !== null)(`registerNativeBackend${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it('registers once and answers true again', () => {
    expect(registerNativeBackend()).toBe(true);
    expect(registerNativeBackend()).toBe(true);
    expect(tf.findBackendFactory(NATIVE_BACKEND_NAME)).not.toBeNull();
  });

  it('offers every cpu kernel, with the addon’s own implementation for the heavy ones', () => {
    const cpuKernels = tf.getKernelsForBackend('cpu');
    const nativeKernels = new Map(tf.getKernelsForBackend(NATIVE_BACKEND_NAME).map((k) => [k.kernelName, k]));
    expect(nativeKernels.size).toBe(cpuKernels.length);
    for (const name of [tf.BatchMatMul, tf._FusedMatMul, tf.Conv2D, tf.Conv2DBackpropInput, tf.Conv2DBackpropFilter, tf.FusedConv2D, tf.Sum, tf.Relu]) {
      expect(NATIVE_KERNEL_NAMES).toContain(name);
      expect(nativeKernels.get(name)?.kernelFunc).not.toBe(tf.getKernel(name, 'cpu')?.kernelFunc);
    }
    expect(nativeKernels.get(tf.Reshape)?.kernelFunc).toBe(tf.getKernel(tf.Reshape, 'cpu')?.kernelFunc);
  });

  it('becomes the active backend on request and computes', async () => {
    expect(await tf.setBackend(NATIVE_BACKEND_NAME)).toBe(true);
    expect(tf.getBackend()).toBe(NATIVE_BACKEND_NAME);
    expect(Array.from(tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]]), true, true).dataSync())).toEqual([23, 31, 34, 46]);
  });
});
