// Which of Distillery's WebGPU kernels replace tfjs-backend-webgpu 4.22's own: plain data and flags, with no import of
// the backend's modules, so the optimiser and the backend loader can read them without loading WebGPU code.
import { WebgpuKernels } from '@distillery/schemas';

/** Register tiles: threads per workgroup [x, y, 1] × outputs per thread [4 columns (one vec4), rows, 1]. */
export const TILE_CONFIGS = {
  /** 16×16 threads × 4×4: a 64×64 tile, K-step 64 (32 KiB of workgroup memory). */
  t64: { workgroupSize: [16, 16, 1], elementsPerThread: [4, 4, 1] },
  /** 16×8 threads × 4×8: a 64×64 tile with twice the outputs per thread (more reuse of each shared-memory read). */
  t64r8: { workgroupSize: [16, 8, 1], elementsPerThread: [4, 8, 1] },
  /** 8×16 threads × 4×8: a 128×32 tile, K-step 32. */
  t128x32: { workgroupSize: [8, 16, 1], elementsPerThread: [4, 8, 1] },
  /** 16×16 threads × 4×8: a 128×64 tile, K-step 64 (48 KiB of workgroup memory: exactly NVIDIA's usual limit). */
  t128x64: { workgroupSize: [16, 16, 1], elementsPerThread: [4, 8, 1] },
} as const satisfies Record<string, { workgroupSize: readonly number[]; elementsPerThread: readonly number[] }>;

export type TileName = keyof typeof TILE_CONFIGS;

export interface MatMulOverride {
  /** Tile for vec4 products; null keeps tfjs's own choice. */
  tile: TileName | null;
  /** Rewrite transposeB products as an explicit transpose followed by the vec4 shader. */
  transposeBViaTranspose: boolean;
  /** Split long-K, small-output Aᵀ·B products (weight gradients) into a batched product plus a sum. */
  splitK?: boolean;
}

export const NO_OVERRIDE: MatMulOverride = { tile: null, transposeBViaTranspose: false };

export function isStockMatMul(o: MatMulOverride): boolean {
  return o.tile === null && !o.transposeBViaTranspose && o.splitK !== true;
}

export function describeOverride(o: MatMulOverride): string {
  if (isStockMatMul(o)) return 'stock';
  return [o.tile ? `tile=${o.tile}` : null, o.transposeBViaTranspose ? 'transposeB→transpose' : null, o.splitK === true ? 'splitK' : null]
    .filter(Boolean)
    .join(',');
}

export interface WebgpuKernelSettings {
  matmul: MatMulOverride;
  /** TrainingOptimizer's Adam/AdamW as one WGSL kernel per variable instead of ~12 elementwise dispatches. */
  fusedAdam: boolean;
}

export const STOCK_WEBGPU_KERNELS: WebgpuKernelSettings = { matmul: NO_OVERRIDE, fusedAdam: false };

/**
 * What `npm run bench:gpu`'s grid chose on the H200 (bench/results/training-gpu.json): 3.6× the stock kernels' steps/s
 * on the 784-800-800-10 MLP at batch 128 and at 8192. Larger register tiles won on matmul 4096³ alone but not in training.
 */
export const TUNED_WEBGPU_KERNELS: WebgpuKernelSettings = { matmul: { tile: null, transposeBViaTranspose: true, splitK: true }, fusedAdam: true };

/**
 * The kernel settings a loader option names: `tuned` (the default), `stock` (tfjs-backend-webgpu's own kernels, for
 * comparison or if ours misbehave), or explicit settings (the GPU bench's grid).
 */
export function webgpuKernelSettings(choice: WebgpuKernels | WebgpuKernelSettings = 'tuned'): WebgpuKernelSettings {
  if (typeof choice !== 'string') return choice;
  const parsed = WebgpuKernels.safeParse(choice);
  if (!parsed.success) throw new Error(`webgpu kernels must be ${WebgpuKernels.options.map((o) => `"${o}"`).join(' or ')}, got "${String(choice)}"`);
  return parsed.data === 'stock' ? STOCK_WEBGPU_KERNELS : TUNED_WEBGPU_KERNELS;
}

export function describeWebgpuKernels(settings: WebgpuKernelSettings): string {
  const parts = [isStockMatMul(settings.matmul) ? null : `matmul ${describeOverride(settings.matmul)}`, settings.fusedAdam ? 'fused Adam' : null].filter(Boolean);
  return parts.length === 0 ? 'stock kernels' : `Distillery kernels: ${parts.join('; ')}`;
}

/** The registered name of the fused Adam/AdamW update (outputs: new parameter, first moment, second moment). */
export const WEBGPU_ADAM_KERNEL = 'DistilleryAdamUpdate';

let fusedAdam = false;

/** Whether TrainingOptimizer on webgpu runs WEBGPU_ADAM_KERNEL (set by installWebgpuKernels). */
export function webgpuFusedAdamEnabled(): boolean {
  return fusedAdam;
}

export function setWebgpuFusedAdam(enabled: boolean): void {
  fusedAdam = enabled;
}
