// Sets up WebGPU under Node as /work/shared/gpu/README.md says (Dawn from the `webgpu` package, navigator.gpu before tfjs's
// webgpu backend loads), optionally with Dawn toggles, and makes it the active backend through @distillery/ml's initBackend.
import * as tf from '@tensorflow/tfjs';
import { initBackend, registerBackendLoader, type BackendInfo } from '@distillery/ml';

interface DawnAdapter {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  features?: Iterable<string>;
  limits?: Record<string, number>;
}

interface DawnModule {
  create: (options: string[]) => { requestAdapter: (options?: { powerPreference?: string }) => Promise<DawnAdapter | null> };
  globals: object;
}

export interface WebgpuDetails {
  dawnOptions: string[];
  adapterFeatures: string[];
  /** The limits tfjs requests from the adapter (it asks for the adapter's maximum of each). */
  adapterLimits: Record<string, number>;
  /** Whether tfjs can time kernels on the GPU (timestamp-query): tf.profile is only safe on webgpu under Node then. */
  timestampQuery: boolean;
}

const INTERESTING_LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
];

/**
 * Replaces @distillery/ml's webgpu loader with one that passes `dawnToggles` to Dawn (they can only be chosen when the
 * GPU instance is created, i.e. once per process), then `initBackend({ force: 'webgpu' })`. Throws BackendUnavailableError
 * with the reason when no adapter exists.
 */
export async function setUpWebgpu(dawnToggles: readonly string[]): Promise<{ info: BackendInfo; details: WebgpuDetails }> {
  const dawnOptions = dawnToggles.length > 0 ? [`enable-dawn-features=${dawnToggles.join(',')}`] : [];
  let details: WebgpuDetails | null = null;
  registerBackendLoader('webgpu', async () => {
    const { create, globals } = (await import('webgpu')) as unknown as DawnModule;
    Object.assign(globalThis, globals);
    const gpu = create(dawnOptions);
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (adapter == null) {
      throw new Error('navigator.gpu.requestAdapter() returned null: no WebGPU adapter (no GPU here, or its Vulkan driver lacks a feature Dawn needs)');
    }
    // tfjs-backend-webgpu registers itself only if navigator.gpu exists when it is imported.
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
    const webgpu = (await import('@tensorflow/tfjs-backend-webgpu')) as unknown as { version_webgpu?: string };
    const limits: Record<string, number> = {};
    for (const name of INTERESTING_LIMITS) {
      const value = adapter.limits?.[name];
      if (typeof value === 'number') limits[name] = value;
    }
    const features = adapter.features ? [...adapter.features].sort() : [];
    details = { dawnOptions, adapterFeatures: features, adapterLimits: limits, timestampQuery: features.includes('timestamp-query') };
    const info = adapter.info ?? {};
    const hardware = [info.vendor, info.architecture, info.device, info.description].filter((s) => s != null && s !== '').join(' ');
    return {
      hardware: hardware === '' ? 'WebGPU adapter (no info)' : hardware,
      threads: null,
      version: `@tensorflow/tfjs-backend-webgpu@${webgpu.version_webgpu ?? tf.version_core}`,
    };
  });
  const info = await initBackend({ force: 'webgpu' });
  if (details === null) throw new Error('the webgpu loader did not run (was webgpu initialised earlier in this process?)');
  return { info, details };
}

/** The GPUDevice tfjs uses, for error scopes; typed loosely because the project does not install @webgpu/types. */
export interface DeviceLike {
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): void;
  popErrorScope(): Promise<{ message: string } | null>;
}

/** The active backend's GPUDevice, or null when the active backend is not a GPU one (the --cpu-dry-run). */
export function webgpuDevice(): DeviceLike | null {
  return (tf.backend() as unknown as { device?: DeviceLike }).device ?? null;
}

/** Runs `body` and reports any WebGPU validation error raised meanwhile (a shader that fails to compile, a bad binding). */
export async function withValidation<T>(body: () => Promise<T>): Promise<{ value: T; validationError: string | null }> {
  const device = webgpuDevice();
  if (device === null) return { value: await body(), validationError: null };
  device.pushErrorScope('validation');
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await body() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  // The scope is popped whatever happened, so pushes and pops stay balanced.
  const scopeError = await device.popErrorScope();
  if (!outcome.ok) throw outcome.error;
  return { value: outcome.value, validationError: scopeError ? scopeError.message : null };
}
