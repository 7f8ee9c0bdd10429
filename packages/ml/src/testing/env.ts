// What the ML suites and device checks take from the environment (scripts/test.sh and the device runner set it): the
// only reader of process.env in @distillery/ml, whose library code takes every setting as an option.
import { WebgpuKernels, type Backend } from '@distillery/schemas';
import { BACKEND_PREFERENCE, type BackendOptions } from '../backends.js';

/**
 * The backends this test process covers: `DISTILLERY_TEST_BACKENDS` (comma-separated) when set, else all.
 * `npm test` runs webgpu in a second process on a software Vulkan driver (scripts/webgpu-sw), so it
 * gives the first process every other backend and the second only webgpu.
 */
export function testedBackends(env: NodeJS.ProcessEnv = process.env): readonly Backend[] {
  const listed = env.DISTILLERY_TEST_BACKENDS?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (listed === undefined || listed.length === 0) return BACKEND_PREFERENCE;
  const unknown = listed.filter((s) => !(BACKEND_PREFERENCE as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`DISTILLERY_TEST_BACKENDS: unknown backend ${unknown.join(', ')} (known: ${BACKEND_PREFERENCE.join(', ')})`);
  return BACKEND_PREFERENCE.filter((b) => listed.includes(b));
}

/**
 * The backend options a suite loads with, from the worker's own variables: `DISTILLERY_WEBGPU_SOFTWARE=1` (which the
 * software-Vulkan run exports) accepts a software adapter, `DISTILLERY_WEBGPU_KERNELS` picks the kernels.
 */
export function testBackendOptions(env: NodeJS.ProcessEnv = process.env): BackendOptions {
  const kernels = env.DISTILLERY_WEBGPU_KERNELS?.trim();
  const parsed = kernels === undefined || kernels === '' ? undefined : WebgpuKernels.safeParse(kernels);
  if (parsed !== undefined && !parsed.success) throw new Error(`DISTILLERY_WEBGPU_KERNELS must be "tuned" or "stock", got "${kernels}"`);
  return {
    webgpu: {
      allowSoftware: env.DISTILLERY_WEBGPU_SOFTWARE === '1',
      ...(parsed === undefined ? {} : { kernels: parsed.data }),
    },
  };
}

/** Where a device check writes its report: `$OUT`, or nowhere when unset. */
export function deviceReportDir(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.OUT === undefined || env.OUT === '' ? null : env.OUT;
}
