import { describe, expect, it } from 'vitest';
import { nativeAvailable, openblasCoreTypeFor } from './addon.js';

describe('openblasCoreTypeFor', () => {
  it('picks the AVX-512 kernels only when every AVX-512 subset they use is present', () => {
    const avx512 = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl'];
    expect(openblasCoreTypeFor(new Set(avx512))).toBe('SkylakeX');
    // Knights Landing has avx512f and avx512cd but not bw/dq/vl: the SkylakeX kernels would fault there.
    expect(openblasCoreTypeFor(new Set(['avx2', 'fma', 'avx512f', 'avx512cd']))).toBe('Haswell');
  });

  it('picks the AVX2 kernels on AVX2 machines and leaves older ones to OpenBLAS', () => {
    expect(openblasCoreTypeFor(new Set(['sse4_2', 'avx', 'avx2', 'fma']))).toBe('Haswell');
    expect(openblasCoreTypeFor(new Set(['sse4_2', 'avx']))).toBeUndefined();
    expect(openblasCoreTypeFor(new Set())).toBeUndefined();
  });
});

describe('nativeAvailable', () => {
  it.skipIf(!nativeAvailable().ok)('reports the OpenBLAS kernel family it loaded with', () => {
    const status = nativeAvailable();
    const coreType = process.env.OPENBLAS_CORETYPE;
    if (coreType !== undefined) expect(status.blas?.toLowerCase()).toContain(coreType.toLowerCase());
  });
});

describe('nativeAvailable options', () => {
  // A fresh process: the addon (and OpenBLAS) load once per process, with the first call's options.
  it.skipIf(!nativeAvailable().ok)('loads with the threads and OpenBLAS kernel family it is given', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = `import { nativeAvailable } from ${JSON.stringify(new URL('./addon.ts', import.meta.url).pathname)};
console.log(JSON.stringify(nativeAvailable({ threads: 1, openblasCoreType: 'Haswell' })));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const status = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { ok: boolean; threads?: number; blas?: string };
    expect(status).toMatchObject({ ok: true, threads: 1 });
    if (status.blas?.startsWith('OpenBLAS')) expect(status.blas).toContain('Haswell');
  });

  it('reports a bad thread count as the reason it cannot load', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = `import { nativeAvailable } from ${JSON.stringify(new URL('./addon.ts', import.meta.url).pathname)};
console.log(JSON.stringify(nativeAvailable({ threads: 0 })));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const status = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { ok: boolean; reason?: string };
    expect(status.ok).toBe(false);
    if (!status.reason?.includes('is not built')) expect(status.reason).toMatch(/threads must be an integer >= 1, got 0/);
  });
});
