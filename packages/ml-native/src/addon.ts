// Loads build/ml_native.node (the N-API addon over OpenBLAS) once, or records why it cannot load.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Geometry of an NHWC convolution with a [filterHeight, filterWidth, inChannels, outChannels] filter. */
export interface ConvGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
  dilationHeight: number;
  dilationWidth: number;
}

/** Activation codes understood by `biasActivation` (see native/ml_native.c). */
export const NATIVE_ACTIVATIONS = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3, sigmoid: 4, elu: 5 } as const;
export type NativeActivation = keyof typeof NATIVE_ACTIVATIONS;

/** The functions the addon exports; every array argument is a Float32Array written or read in place. */
export interface NativeAddon {
  status(): { ok: boolean; reason?: string; blas?: string; threads?: number };
  setThreads(threads: number): number;
  /** out[batch, m, n] = op(a[batch % batchA]) · op(b[batch % batchB]). */
  matMul(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    batchA: number,
    batchB: number,
    m: number,
    n: number,
    k: number,
    transposeA: boolean,
    transposeB: boolean,
  ): void;
  /** In place: x[r, c] = activation(x[r, c] + bias[c]). */
  biasActivation(x: Float32Array, bias: Float32Array | null, rows: number, cols: number, activation: number, alpha: number): void;
  adamStep(
    variable: Float32Array,
    gradient: Float32Array,
    firstMoment: Float32Array,
    secondMoment: Float32Array,
    learningRate: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    l2Decay: number,
    decoupledDecay: number,
    step: number,
  ): void;
  conv2d(x: Float32Array, filter: Float32Array, out: Float32Array, geometry: ConvGeometry): void;
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, geometry: ConvGeometry): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: ConvGeometry): void;
  maxPool(x: Float32Array, out: Float32Array, geometry: ConvGeometry): void;
  maxPoolGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, geometry: ConvGeometry): void;
  transpose(x: Float32Array, out: Float32Array, shape: number[], perm: number[]): void;
  tile(x: Float32Array, out: Float32Array, shape: number[], reps: number[]): void;
  /** Softmax along the last axis of a [rows, cols] matrix. */
  softmax(logits: Float32Array, out: Float32Array, rows: number, cols: number): void;
  /** tfjs FusedBatchNorm: each operand indexed cyclically. */
  batchNorm(
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    offset: Float32Array | null,
    scale: Float32Array | null,
    out: Float32Array,
    varianceEpsilon: number,
  ): void;
  /** out[segmentIds[r], :] += x[r, :]; ids outside [0, numSegments) are dropped. */
  unsortedSegmentSum(x: Float32Array, segmentIds: Int32Array, out: Float32Array, rows: number, cols: number, numSegments: number): void;
  /** out[i] = op(x[i]); `alpha` is Step's value at x <= 0. Codes: UNARY_OPS. */
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number): void;
  /** out[r, c] = op(a, b) with each operand laid out per OPERAND_LAYOUTS. Codes: BINARY_OPS. */
  binary(op: number, a: Float32Array, aLayout: number, b: Float32Array, bLayout: number, out: Float32Array, rows: number, cols: number): void;
  /** out[o, i] = reduce over m of x[o, m, i]. Codes: REDUCE_OPS. */
  reduce(op: number, x: Float32Array, out: Float32Array, outer: number, mid: number, inner: number): void;
}

/** Op codes shared with native/ml_native.c (enum unary_op, binary_op, operand_layout, reduce_op). */
export const UNARY_OPS = { Relu: 0, Step: 1, Neg: 2, Exp: 3, Log: 4, Sqrt: 5, Square: 6, Sigmoid: 7, Tanh: 8, Abs: 9, Rsqrt: 10, Reciprocal: 11, Erf: 12 } as const;
export const BINARY_OPS = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3, Maximum: 4, Minimum: 5, SquaredDifference: 6 } as const;
export const OPERAND_LAYOUTS = { full: 0, row: 1, column: 2, scalar: 3 } as const;
export const REDUCE_OPS = { Sum: 0, Max: 1, Min: 2, Mean: 3 } as const;

export interface NativeStatus {
  ok: boolean;
  /** Why the addon or its BLAS is unavailable; absent when ok. */
  reason?: string;
  /** The BLAS library loaded and its build configuration. */
  blas?: string;
  /** Threads the BLAS uses. */
  threads?: number;
}

const addonPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'build', 'ml_native.node');

/** How the addon loads; the worker builds these from its environment (apps/worker/src/env.ts). */
export interface NativeOptions {
  /** Threads of OpenBLAS and of the addon's own loops; default: one per core this process may use. */
  threads?: number;
  /** Megabytes of freed kernel outputs the backend keeps for reuse (0 turns the pool off); default: ¼ of memory. */
  poolMb?: number;
  /** OpenBLAS's kernel family (its `OPENBLAS_CORETYPE`, e.g. `Haswell`); default: chosen from the CPU's flags. */
  openblasCoreType?: string;
}

let loadedAddon: NativeAddon | null = null;
let loadStatus: NativeStatus | null = null;

function threadsFor(options: NativeOptions): number {
  const { threads } = options;
  if (threads === undefined) return Math.max(1, os.availableParallelism());
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`native threads must be an integer >= 1, got ${threads}`);
  return threads;
}

/**
 * The OpenBLAS kernel family for a CPU with these /proc/cpuinfo flags, or undefined to let OpenBLAS decide.
 * OpenBLAS picks its kernels from the CPU model number, and a model it does not know (Debian 12's 0.3.21 on Intel
 * family 6 model 207, for one) falls back to 2004's Prescott SSE3 kernels: a quarter of the sgemm rate the AVX-512
 * kernels reach on the same core. Choosing by instruction set instead gives the fast kernels on every CPU that has them.
 */
export function openblasCoreTypeFor(flags: ReadonlySet<string>): string | undefined {
  if (['avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl'].every((f) => flags.has(f))) return 'SkylakeX';
  if (['avx2', 'fma'].every((f) => flags.has(f))) return 'Haswell';
  return undefined;
}

/** The kernel family this CPU's flags call for (Linux only; undefined elsewhere or when none fits). */
function coreTypeFromCpuFlags(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  let cpuinfo: string;
  try {
    cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return undefined;
  }
  const flagsLine = /^flags\s*:(.*)$/m.exec(cpuinfo)?.[1];
  if (flagsLine === undefined) return undefined;
  return openblasCoreTypeFor(new Set(flagsLine.trim().split(/\s+/)));
}

/**
 * Hands OpenBLAS its kernel family: the option, else the CPU flags' choice. OpenBLAS takes it only from its own
 * environment variable, read once by getenv() when the library is dlopen'ed, so this writes (never reads) it.
 */
function setOpenblasCoreType(options: NativeOptions): void {
  const coreType = options.openblasCoreType ?? coreTypeFromCpuFlags();
  // eslint-disable-next-line no-restricted-properties -- the C library's own input, set from an explicit option before dlopen
  if (coreType !== undefined) process.env.OPENBLAS_CORETYPE = coreType;
}

function load(options: NativeOptions): NativeStatus {
  if (!existsSync(addonPath)) {
    return { ok: false, reason: `${addonPath} is not built (run: npm run build:native -w @distillery/ml-native)` };
  }
  try {
    const threads = threadsFor(options);
    setOpenblasCoreType(options);
    const requireHere = createRequire(import.meta.url);
    const addon = requireHere(addonPath) as NativeAddon;
    const status = addon.status();
    if (!status.ok) return { ok: false, reason: `no BLAS library loads: ${status.reason ?? 'unknown reason'}` };
    loadedAddon = addon;
    return { ok: true, blas: status.blas ?? 'unknown BLAS', threads: addon.setThreads(threads) };
  } catch (error) {
    return { ok: false, reason: `loading ${addonPath} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Whether the addon and a BLAS load here, and if not, why. Loads on the first call, with that call's options (OpenBLAS
 * is loaded once per process; later calls report that load and ignore theirs). Never throws: bad options are a reason.
 */
export function nativeAvailable(options: NativeOptions = {}): NativeStatus {
  loadStatus ??= load(options);
  return loadStatus;
}

/** The loaded addon; throws with the reason when it is unavailable. */
export function nativeAddon(): NativeAddon {
  const status = nativeAvailable();
  if (!status.ok || loadedAddon === null) throw new Error(`@distillery/ml-native is unavailable: ${status.reason ?? 'unknown reason'}`);
  return loadedAddon;
}
