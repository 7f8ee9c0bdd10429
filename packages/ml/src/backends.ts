// Chooses and initialises the TensorFlow.js compute backend: tensorflow (libtensorflow), webgpu (Dawn), native (OpenBLAS), wasm or cpu.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Backend, FailureDetails, WebgpuKernels } from '@distillery/schemas';
import { installGradientReplacements } from './gradients/index.js';
import { registerWasmGapKernels } from './wasm_kernels.js';
import type { NativeOptions } from '@distillery/ml-native';
import { importNativeModule, NATIVE_BACKEND_PACKAGE } from './native_module.js';
import { describeWebgpuKernels, webgpuKernelSettings, type WebgpuKernelSettings } from './webgpu/settings.js';

export interface BackendInfo {
  name: Backend;
  /** CPU model string, or the GPU adapter's description. */
  hardware: string;
  /** Compute threads the backend uses; null where the notion does not apply (GPU). */
  threads: number | null;
  /** Package and version that provides the kernels, e.g. `@tensorflow/tfjs-backend-wasm@4.22.0 (simd)`. */
  version: string;
}

/** Best first: the order `initBackend` tries when nothing is forced. */
export const BACKEND_PREFERENCE: readonly Backend[] = ['tensorflow', 'webgpu', 'native', 'wasm', 'cpu'];

/** Thrown when a forced backend cannot load; the message names the backend and why. */
export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: Backend,
    readonly reason: string,
  ) {
    super(`backend "${backend}" cannot load: ${reason}`);
    this.name = 'BackendUnavailableError';
  }

  /** The failure contract's details: the worker was told to use a backend that does not load here. */
  readonly failure: FailureDetails = { kind: 'backend-unavailable' };
}

/** How the webgpu loader sets up Dawn, which of our kernels it installs, and which adapters it accepts. */
export interface WebgpuBackendOptions {
  /** Accept a software adapter (Mesa llvmpipe/lavapipe, SwiftShader); `npm test` does, to test WGSL on CPUs. */
  allowSoftware?: boolean;
  /** Our kernels: `tuned` (the default), `stock` (tfjs-backend-webgpu's own), or explicit settings. */
  kernels?: WebgpuKernels | WebgpuKernelSettings;
  /** Dawn instance options, e.g. `enable-dawn-features=disable_robustness`: fixed once Dawn's GPU instance exists. */
  dawnOptions?: readonly string[];
}

/** How the `native` backend loads: @distillery/ml-native's options (threads, buffer pool, OpenBLAS kernel family). */
export type NativeBackendOptions = NativeOptions;

/**
 * Everything `initBackend` can be told; plain data, so a worker can pass it to its compute processes. Each backend
 * takes its options when it first loads in a process: a later call reuses the loaded backend and ignores them.
 */
export interface BackendOptions {
  /** Exactly this backend, or `BackendUnavailableError`; unset, the best that loads (BACKEND_PREFERENCE). */
  force?: Backend;
  webgpu?: WebgpuBackendOptions;
  native?: NativeBackendOptions;
}

export type BackendProbe = { name: Backend; loadable: true; info: BackendInfo } | { name: Backend; loadable: false; reason: string };

const requireHere = createRequire(import.meta.url);

/** Loaded backends, so that every later request for the same one is answered without re-initialising. */
const loaded = new Map<Backend, BackendInfo>();
/** Backends that failed once, with the reason: a second attempt would fail the same way (or worse, half-register). */
const failed = new Map<Backend, string>();
/** The automatic choice, made once per process. */
let autoChoice: Promise<BackendInfo> | null = null;

function cpuModel(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  return `${model} × ${cpus.length}`;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}

/** A module name the bundler and tsc cannot see, so optional native packages are never resolved at build time. */
async function importOptional(moduleName: string): Promise<unknown> {
  const name = moduleName;
  return import(/* @vite-ignore */ name);
}

function isInstalled(moduleName: string): boolean {
  try {
    requireHere.resolve(moduleName);
    return true;
  } catch {
    return false;
  }
}

/** The package.json of an installed package, found upward from its entry (its "exports" may hide package.json). */
function packageManifest(moduleName: string): { version?: string } {
  let dir = path.dirname(requireHere.resolve(moduleName));
  for (let depth = 0; depth < 5; depth++) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === moduleName) return manifest;
    }
    dir = path.dirname(dir);
  }
  return {};
}

/** A CUDA device is visible when the NVIDIA kernel driver lists at least one GPU. */
function cudaDeviceVisible(): boolean {
  try {
    return readdirSync('/proc/driver/nvidia/gpus').length > 0;
  } catch {
    return existsSync('/dev/nvidia0');
  }
}

async function activate(name: Backend): Promise<void> {
  installGradientReplacements();
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
}

async function loadTensorflow(): Promise<BackendInfo> {
  const candidates = cudaDeviceVisible() ? ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] : ['@tensorflow/tfjs-node'];
  const present = candidates.filter(isInstalled);
  if (present.length === 0) throw new Error(`${candidates.join(' or ')} is not installed (optional; see infra/ for the GPU worker image)`);
  const reasons: string[] = [];
  for (const moduleName of present) {
    try {
      const tfnode = (await importOptional(moduleName)) as { version?: Record<string, string> };
      if (tf.findBackend('tensorflow') == null) {
        throw new Error(`${moduleName} loaded but registered its backend in another copy of @tensorflow/tfjs-core`);
      }
      await activate('tensorflow');
      const onGpu = moduleName.endsWith('-gpu');
      return {
        name: 'tensorflow',
        hardware: onGpu ? `CUDA GPU (${cpuModel()} host)` : cpuModel(),
        threads: onGpu ? null : os.availableParallelism(),
        version: `${moduleName}@${tfnode.version?.['tfjs-node'] ?? 'unknown'}`,
      };
    } catch (error) {
      reasons.push(`${moduleName}: ${errorText(error)}`);
    }
  }
  throw new Error(reasons.join('; '));
}

interface DawnAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/**
 * A WebGPU adapter that is a CPU rasteriser (Dawn marks it as the fallback adapter; Mesa's says architecture
 * "software"). It computes correctly but far slower than the native CPU backend, so it is never chosen unasked.
 */
export function isSoftwareAdapter(info: DawnAdapterInfo): boolean {
  if (info.isFallbackAdapter === true || info.architecture === 'software') return true;
  return /llvmpipe|lavapipe|swiftshader/i.test(`${info.device ?? ''} ${info.description ?? ''}`);
}

/** What the adapter offered, recorded when webgpu loads (for benchmark reports). */
export interface WebgpuAdapterDetails {
  dawnOptions: string[];
  features: string[];
  /** Every numeric limit the adapter reports; tfjs requests the adapter's maximum of each. */
  limits: Record<string, number>;
}

let adapterDetails: WebgpuAdapterDetails | null = null;

/** The loaded adapter's features and limits; null until webgpu has loaded. */
export function webgpuAdapterDetails(): WebgpuAdapterDetails | null {
  return adapterDetails;
}

interface DawnAdapter {
  info?: DawnAdapterInfo;
  features?: Iterable<string>;
  limits?: object;
}

function numericLimits(limits: object | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  // GPUSupportedLimits exposes its limits as prototype getters: for…in reaches them, Object.entries does not.
  for (const name in limits ?? {}) {
    const value = (limits as Record<string, unknown>)[name];
    if (typeof value === 'number') out[name] = value;
  }
  return out;
}

async function loadWebgpu(options: BackendOptions): Promise<BackendInfo> {
  const webgpuOptions = options.webgpu ?? {};
  // First: a bad kernel choice fails the load before anything is registered or activated.
  const settings = webgpuKernelSettings(webgpuOptions.kernels);
  const dawnOptions = [...(webgpuOptions.dawnOptions ?? [])];
  const { create, globals } = (await import('webgpu')) as { create: (options: string[]) => unknown; globals: object };
  const scope = globalThis as { navigator?: unknown };
  const previousNavigator = scope.navigator;
  Object.assign(globalThis, globals);
  const gpu = create(dawnOptions) as { requestAdapter: (options?: { powerPreference?: string }) => Promise<DawnAdapter | null> };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter == null) {
    throw new Error('no WebGPU adapter found (navigator.gpu.requestAdapter() returned null)');
  }
  const info = adapter.info ?? {};
  if (isSoftwareAdapter(info) && webgpuOptions.allowSoftware !== true) {
    throw new Error(
      `the only WebGPU adapter is a software one (${info.description ?? info.device ?? 'fallback adapter'}), slower than the CPU backends; pass webgpu.allowSoftware (the worker: DISTILLERY_WEBGPU_SOFTWARE=1) to use it anyway`,
    );
  }
  // tfjs-backend-webgpu reads navigator.gpu when it registers, so it must be set before the import.
  Object.defineProperty(globalThis, 'navigator', {
    value: { ...(typeof previousNavigator === 'object' ? previousNavigator : {}), gpu },
    configurable: true,
    writable: true,
  });
  const webgpu = (await import('@tensorflow/tfjs-backend-webgpu')) as unknown as { version_webgpu?: string };
  await activate('webgpu');
  // Our matmul and Adam kernels (bench/gpu measured them); loaded only now, so CPU-only processes never evaluate them.
  const { installWebgpuKernels } = await import('./webgpu/install.js');
  installWebgpuKernels(settings);
  adapterDetails = { dawnOptions, features: [...(adapter.features ?? [])].sort(), limits: numericLimits(adapter.limits) };
  const hardware = [info.vendor, info.architecture, info.device, info.description].filter((s) => s != null && s !== '').join(' ');
  return {
    name: 'webgpu',
    hardware: hardware === '' ? 'WebGPU adapter (no info)' : hardware,
    threads: null,
    version: `@tensorflow/tfjs-backend-webgpu@${webgpu.version_webgpu ?? tf.version_core} (${describeWebgpuKernels(settings)})`,
  };
}

async function loadWasm(): Promise<BackendInfo> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Point emscripten at the .wasm files inside node_modules: nothing is fetched, and a bundled entry still finds them.
  // Threads stay off: tfjs 4.22 disables them under Node, and forcing them fails because emscripten hands
  // worker_threads a blob: URL (tensorflow/tfjs#3830); measured here: single-threaded SIMD ≈ 18 GFLOP/s on matMul 512.
  const wasmDir = path.dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm'));
  wasm.setWasmPaths(`${wasmDir}${path.sep}`);
  registerWasmGapKernels();
  await activate('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return {
    name: 'wasm',
    hardware: cpuModel(),
    threads: wasm.getThreadsCount(),
    version: `@tensorflow/tfjs-backend-wasm@${wasm.version_wasm}${simd === true ? ' (simd)' : ''}`,
  };
}

async function loadCpu(): Promise<BackendInfo> {
  await activate('cpu');
  return {
    name: 'cpu',
    hardware: cpuModel(),
    threads: 1,
    version: `@tensorflow/tfjs-backend-cpu@${tf.version['tfjs-backend-cpu'] ?? tf.version_core}`,
  };
}

export { NATIVE_BACKEND_PACKAGE } from './native_module.js';

/**
 * `native` is tfjs's cpu backend with matmul/conv/Adam over an OpenBLAS N-API addon, shipped by @distillery/ml-native
 * (optional: its addon is compiled at install and may be absent).
 */
async function loadNative(options: BackendOptions): Promise<BackendInfo> {
  const nativeModule = await importNativeModule();
  if (nativeModule === null) throw new Error(`${NATIVE_BACKEND_PACKAGE} is not installed`);
  const nativeOptions = options.native ?? {};
  const status = nativeModule.nativeAvailable(nativeOptions);
  if (!status.ok || !nativeModule.registerNativeBackend(nativeOptions)) {
    throw new Error(`${NATIVE_BACKEND_PACKAGE}: ${status.reason ?? 'registerNativeBackend() reported the addon unavailable'}`);
  }
  await activate('native');
  const manifest = packageManifest(NATIVE_BACKEND_PACKAGE);
  return {
    name: 'native',
    hardware: cpuModel(),
    threads: status.threads ?? null,
    version: `${NATIVE_BACKEND_PACKAGE}@${manifest.version ?? 'unknown'}${status.blas ? ` (${status.blas})` : ''}`,
  };
}

const loaders: Readonly<Record<Backend, (options: BackendOptions) => Promise<BackendInfo>>> = {
  tensorflow: loadTensorflow,
  webgpu: loadWebgpu,
  native: loadNative,
  wasm: loadWasm,
  cpu: loadCpu,
};

/**
 * Tries one backend and makes it the active one if it loads; never throws. `options` (its own part: `webgpu`,
 * `native`) apply only when this is the backend's first load in the process.
 */
export async function probeBackend(name: Backend, options: BackendOptions = {}): Promise<BackendProbe> {
  const known = loaded.get(name);
  if (known) {
    try {
      await activate(name);
      return { name, loadable: true, info: known };
    } catch (error) {
      return { name, loadable: false, reason: errorText(error) };
    }
  }
  const previousFailure = failed.get(name);
  if (previousFailure !== undefined) return { name, loadable: false, reason: previousFailure };
  try {
    const info = await loaders[name](options);
    loaded.set(name, info);
    return { name, loadable: true, info };
  } catch (error) {
    const reason = errorText(error);
    failed.set(name, reason);
    return { name, loadable: false, reason };
  }
}

/**
 * Stops tfjs's cpu backend (and `native`, built on it) from writing "Hi, looks like you are running TensorFlow.js in
 * Node.js ... install our node backend" to stderr on its first tensor, in every worker and test log.
 * PROD is tfjs's production mode; in tfjs 4.22 it only mutes tfjs-core's own console warnings (that banner, "backend/kernel
 * already registered", "Initialization of backend X failed" with its stack, platform overwritten). No numeric check
 * depends on it: NaN checks follow DEBUG, which stays off. It is set once a backend is chosen, so the probes before
 * still print why a backend failed to initialise.
 */
function muteTfjsConsole(): void {
  tf.env().set('PROD', true);
}

/**
 * Makes the best loadable backend active, or exactly `force` (which throws `BackendUnavailableError`
 * rather than falling back). A second call returns the same info. `options` also carry each backend's own settings
 * (BackendOptions). Afterwards tfjs's production mode is on (no console chatter from tfjs; see muteTfjsConsole).
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  const { force } = options;
  if (force !== undefined) {
    const probe = await probeBackend(force, options);
    if (!probe.loadable) throw new BackendUnavailableError(force, probe.reason);
    muteTfjsConsole();
    return probe.info;
  }
  autoChoice ??= (async () => {
    const reasons: string[] = [];
    for (const name of BACKEND_PREFERENCE) {
      const probe = await probeBackend(name, options);
      if (probe.loadable) return probe.info;
      reasons.push(`${name}: ${probe.reason}`);
    }
    throw new Error(`no TensorFlow.js backend loads: ${reasons.join('; ')}`);
  })();
  const info = await autoChoice;
  if (tf.getBackend() !== info.name) await activate(info.name);
  muteTfjsConsole();
  return info;
}

/**
 * Probes every backend in preference order and reports which load and why the others do not.
 * It leaves the last loadable one active, so callers that care should `initBackend` afterwards.
 */
export async function listLoadableBackends(options: BackendOptions = {}): Promise<BackendProbe[]> {
  const probes: BackendProbe[] = [];
  for (const name of BACKEND_PREFERENCE) probes.push(await probeBackend(name, options));
  return probes;
}
