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
