// Unit tests of the worker's environment parsing: defaults, coercion and errors that name the variable.
import { describe, expect, it } from 'vitest';
import { backendOptionsFrom, readWorkerEnv } from './env.js';

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

  it('builds the compute processes\' backend options from the backend variables, and only from them', () => {
    expect(backendOptionsFrom(readWorkerEnv({}))).toEqual({ webgpu: { allowSoftware: false }, native: {} });
    const env = readWorkerEnv({
      DISTILLERY_BACKEND: 'native',
      DISTILLERY_WEBGPU_KERNELS: 'stock',
      DISTILLERY_WEBGPU_SOFTWARE: '1',
      DISTILLERY_NATIVE_THREADS: '3',
      DISTILLERY_NATIVE_POOL_MB: '512',
      OPENBLAS_CORETYPE: 'Haswell',
    });
    expect(backendOptionsFrom(env)).toEqual({
      force: 'native',
      webgpu: { allowSoftware: true, kernels: 'stock' },
      native: { threads: 3, poolMb: 512, openblasCoreType: 'Haswell' },
    });
  });

  it('names a bad native backend setting', () => {
    expect(() => readWorkerEnv({ DISTILLERY_NATIVE_THREADS: '0' })).toThrow(/DISTILLERY_NATIVE_THREADS: must be at least 1 thread/);
    expect(() => readWorkerEnv({ DISTILLERY_NATIVE_THREADS: '1.5' })).toThrow(/DISTILLERY_NATIVE_THREADS: must be a whole number/);
    expect(() => readWorkerEnv({ DISTILLERY_NATIVE_POOL_MB: '-1' })).toThrow(/DISTILLERY_NATIVE_POOL_MB: must be a number of megabytes >= 0/);
    expect(() => readWorkerEnv({ OPENBLAS_CORETYPE: 'Sky Lake' })).toThrow(/OPENBLAS_CORETYPE: must be an OpenBLAS core name/);
  });

  it('names each bad variable', () => {
    expect(() => readWorkerEnv({ WORKER_DEVICE: 'tpu', DISTILLERY_PRICE_CPU_USD_HOUR: '-1' })).toThrow(
      /WORKER_DEVICE: .*; DISTILLERY_PRICE_CPU_USD_HOUR: must be a price of at least 0/,
    );
  });
});
