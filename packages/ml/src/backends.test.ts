import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError, initBackend, listLoadableBackends, probeBackend } from './backends.js';
import { expectCloseAsync, testBackendOptions } from './testing/index.js';

describe('backends', () => {
  it('picks the best backend that loads here and names the CPU', async () => {
    const probes = await listLoadableBackends(testBackendOptions());
    const firstLoadable = probes.find((p) => p.loadable);
    const info = await initBackend(testBackendOptions());
    expect(info.name).toBe(firstLoadable?.name);
    expect(tf.getBackend()).toBe(info.name);
    expect(info.hardware.length).toBeGreaterThan(3);
    expect(info.version).toMatch(/^@[\w-]+\/[\w.-]+@\d+\.\d+\.\d+/);
    // Without tfjs-node or a GPU, native (when its addon is built) or else wasm must win over cpu.
    const tensorflow = probes.find((p) => p.name === 'tensorflow');
    const webgpu = probes.find((p) => p.name === 'webgpu');
    const native = probes.find((p) => p.name === 'native');
    if (!tensorflow?.loadable && !webgpu?.loadable) expect(info.name).toBe(native?.loadable ? 'native' : 'wasm');
  });

  it('returns the same info on a second call', async () => {
    const first = await initBackend(testBackendOptions());
    const second = await initBackend(testBackendOptions());
    expect(second).toEqual(first);
    expect(second).toBe(first);
  });

  it('forces a backend, and switches back', async () => {
    const cpu = await initBackend({ force: 'cpu' });
    expect(cpu.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const auto = await initBackend(testBackendOptions());
    expect(tf.getBackend()).toBe(auto.name);
  });

  it('throws a named error, with no fallback, when a forced backend cannot load', async () => {
    const probes = await listLoadableBackends(testBackendOptions());
    const unloadable = probes.find((p) => !p.loadable);
    if (!unloadable) return; // every backend loads on this machine: nothing to force-fail
    const before = tf.getBackend();
    const error: unknown = await initBackend({ force: unloadable.name }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toContain(`"${unloadable.name}"`);
    expect((error as Error).message).toContain(unloadable.reason);
    expect(tf.getBackend()).toBe(before);
  });

  it('reports why webgpu is unavailable without a GPU adapter', async () => {
    const probe = await probeBackend('webgpu', testBackendOptions());
    if (probe.loadable) expect(probe.info.threads).toBeNull();
    else expect(probe.reason).toMatch(/adapter|webgpu|dawn/i);
  });

  it('computes the same matMul on every loadable backend', async () => {
    const a = [1, 2, 3, 4, 5, 6];
    const b = [0.5, -1, 2, 0.25, -3, 4];
    // [2,3]·[3,2] by hand: [0.5+4-9, -1+0.5+12; 2+10-18, -4+1.25+24]
    for (const probe of await listLoadableBackends(testBackendOptions())) {
      if (!probe.loadable) continue;
      await initBackend({ force: probe.name });
      const product = tf.tidy(() => tf.matMul(tf.tensor2d(a, [2, 3]), tf.tensor2d(b, [3, 2])));
      await expectCloseAsync(product, [-4.5, 11.5, -6, 21.25], 1e-6);
      product.dispose();
    }
    await initBackend(testBackendOptions());
  });

  it('hands the native options to @distillery/ml-native when native first loads', async () => {
    const { execFileSync } = await import('node:child_process');
    // A fresh process: a backend takes its options on its first load only.
    const script = `import { probeBackend } from ${JSON.stringify(new URL('./backends.ts', import.meta.url).pathname)};
const one = await probeBackend('native', { native: { threads: 1, poolMb: 8 } });
console.log(JSON.stringify(one.loadable ? { loadable: true, threads: one.info.threads } : one));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const probe = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { loadable: boolean; threads?: number; reason?: string };
    if (probe.loadable) expect(probe.threads).toBe(1);
    else expect(probe.reason).toMatch(/ml-native/);
    const bad = `import { probeBackend } from ${JSON.stringify(new URL('./backends.ts', import.meta.url).pathname)};
console.log(JSON.stringify(await probeBackend('native', { native: { poolMb: -1 } })));`;
    const refused = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', bad], { encoding: 'utf8' }).trim().split('\n').at(-1) ?? '{}') as { loadable: boolean; reason?: string };
    expect(refused.loadable).toBe(false);
    if (probe.loadable) expect(refused.reason).toMatch(/megabytes >= 0, got -1/);
  });
});
