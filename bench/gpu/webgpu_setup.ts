// Loads WebGPU through @distillery/ml's own loader (Dawn from the `webgpu` package, navigator.gpu before tfjs's webgpu
// backend loads), optionally with Dawn toggles, with tfjs's stock kernels: the bench applies each kernel setting itself.
import * as tf from '@tensorflow/tfjs';
import { initBackend, webgpuAdapterDetails, type BackendInfo } from '@distillery/ml';

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
 * `initBackend({ force: 'webgpu' })` with `dawnToggles` passed to Dawn and tfjs's stock kernels (they can only be chosen when the GPU instance is
 * created, i.e. once per process). Throws BackendUnavailableError with the reason when no adapter exists.
 */
export async function setUpWebgpu(dawnToggles: readonly string[]): Promise<{ info: BackendInfo; details: WebgpuDetails }> {
  const dawnOptions = dawnToggles.length > 0 ? [`enable-dawn-features=${dawnToggles.join(',')}`] : [];
  const info = await initBackend({ force: 'webgpu', webgpu: { dawnOptions, kernels: 'stock' } });
  const adapter = webgpuAdapterDetails();
  if (adapter === null) throw new Error('webgpu loaded but recorded no adapter details');
  const limits = Object.fromEntries(INTERESTING_LIMITS.filter((name) => name in adapter.limits).map((name) => [name, adapter.limits[name]!]));
  const details = { dawnOptions, adapterFeatures: adapter.features, adapterLimits: limits, timestampQuery: adapter.features.includes('timestamp-query') };
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
