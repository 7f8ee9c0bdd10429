import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter, probeBackend } from './backends.js';
import { testBackendOptions } from './testing/index.js';

describe('software WebGPU adapters', () => {
  it('recognises Mesa llvmpipe (as Dawn reports it), SwiftShader and any fallback adapter', () => {
    const llvmpipe = { vendor: 'mesa', architecture: 'software', device: 'llvmpipe-llvm-19-1-7-256-bits-', description: 'llvmpipe: Mesa 25.0.7 (LLVM 19.1.7)' };
    expect(isSoftwareAdapter(llvmpipe)).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'google', device: 'SwiftShader Device (Subzero)' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'unknown', isFallbackAdapter: true })).toBe(true);
  });

  it('takes a GPU for a GPU', () => {
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'hopper', device: 'NVIDIA H200', description: 'NVIDIA: 580.159.04' })).toBe(false);
    expect(isSoftwareAdapter({ vendor: 'amd', architecture: 'rdna-3', isFallbackAdapter: false })).toBe(false);
  });
});

describe('the webgpu loader', () => {
  it('never uses a software adapter unless webgpu.allowSoftware is passed', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = `import { probeBackend } from ${JSON.stringify(new URL('./backends.ts', import.meta.url).pathname)};
const probe = await probeBackend('webgpu');
console.log(JSON.stringify(probe.loadable ? { loadable: true, hardware: probe.info.hardware } : probe));`;
    // The library reads no environment: with no options the child must refuse a software adapter, whatever the env says.
    const env = { ...process.env };
    // process.execPath: under `npm test`'s second run this is the node that sees Mesa's lavapipe.
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env, encoding: 'utf8' });
    const probe = JSON.parse(out.trim().split('\n').at(-1)!) as { loadable: boolean; hardware?: string; reason?: string };
    if (probe.loadable) expect(isSoftwareAdapter({ description: probe.hardware })).toBe(false);
    else expect(probe.reason).toMatch(/no WebGPU adapter found|the only WebGPU adapter is a software one .*pass webgpu.allowSoftware/);
    // Where this process takes a software adapter (the suite passes allowSoftware), the child must have refused that one.
    const here = await probeBackend('webgpu', testBackendOptions());
    if (here.loadable && isSoftwareAdapter({ description: here.info.hardware })) expect(probe.reason).toMatch(/software one \(llvmpipe/);
  });
});
