// Unit tests of the worker's environment parsing: defaults, coercion and errors that name the variable.
import { describe, expect, it } from 'vitest';
import { readWorkerEnv } from './env.js';

describe('readWorkerEnv', () => {
  it('fills the documented defaults', () => {
    const env = readWorkerEnv({});
    expect(env).toMatchObject({
      DISTILLERY_DATA_DIR: '.data',
      TEMPORAL_ADDRESS: 'localhost:7233',
      TEMPORAL_NAMESPACE: 'default',
      TASK_QUEUE_PREFIX: 'distillery',
      WORKER_DEVICE: 'cpu',
    });
    expect(env.DISTILLERY_BACKEND).toBeUndefined();
  });

  it('reads prices as numbers and treats empty strings as unset', () => {
    const env = readWorkerEnv({ DISTILLERY_PRICE_GPU_USD_HOUR: '2.5', DISTILLERY_BACKEND: '' });
    expect(env.DISTILLERY_PRICE_GPU_USD_HOUR).toBe(2.5);
    expect(env.DISTILLERY_BACKEND).toBeUndefined();
  });

  it('checks the webgpu loader settings it passes on', () => {
    expect(readWorkerEnv({ DISTILLERY_WEBGPU_KERNELS: 'stock', DISTILLERY_WEBGPU_SOFTWARE: '1' })).toMatchObject({ DISTILLERY_WEBGPU_KERNELS: 'stock', DISTILLERY_WEBGPU_SOFTWARE: '1' });
    expect(() => readWorkerEnv({ DISTILLERY_WEBGPU_KERNELS: 'fast' })).toThrow(/DISTILLERY_WEBGPU_KERNELS: /);
    expect(() => readWorkerEnv({ DISTILLERY_WEBGPU_SOFTWARE: 'yes' })).toThrow(/DISTILLERY_WEBGPU_SOFTWARE: /);
  });

  it('names each bad variable', () => {
    expect(() => readWorkerEnv({ WORKER_DEVICE: 'tpu', DISTILLERY_PRICE_CPU_USD_HOUR: '-1' })).toThrow(
      /WORKER_DEVICE: .*; DISTILLERY_PRICE_CPU_USD_HOUR: must be a price of at least 0/,
    );
  });
});
