// Engine settings the GPU bench compares: tfjs WebGPU flags plus the matmul kernel overrides, applied and undone as a unit.
import * as tf from '@tensorflow/tfjs';
import { NO_OVERRIDE, describeOverride, registerWebgpuAdamKernel, setMatMulOverride, setWebgpuFusedAdam, type MatMulOverride, type TileName } from '@distillery/ml/webgpu';

export interface EngineConfig {
  name: string;
  /** tfjs-backend-webgpu flags (`tf.env().set`), e.g. WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE. */
  flags: Record<string, number | boolean>;
  matmul: MatMulOverride;
  /** TrainingOptimizer runs the fused Adam kernel (one WGSL dispatch per output) instead of its elementwise ops. */
  fusedAdam?: boolean;
}

export const STOCK: EngineConfig = { name: 'stock', flags: {}, matmul: NO_OVERRIDE };

const touchedFlags = new Map<string, number | boolean | string>();

/** Makes `config` the active engine setting, undoing any flag an earlier config changed. */
export function applyEngineConfig(config: EngineConfig): void {
  // The webgpu flags exist only once tfjs-backend-webgpu is loaded; the --cpu-dry-run has matmul overrides only.
  if (tf.getBackend() !== 'webgpu') {
    setMatMulOverride(config.matmul);
    return;
  }
  for (const [flag, original] of touchedFlags) tf.env().set(flag, original);
  for (const [flag, value] of Object.entries(config.flags)) {
    if (!touchedFlags.has(flag)) touchedFlags.set(flag, tf.env().get(flag));
    tf.env().set(flag, value);
  }
  setMatMulOverride(config.matmul);
  if (config.fusedAdam === true) registerWebgpuAdamKernel();
  setWebgpuFusedAdam(config.fusedAdam === true);
}

export function engineConfigSummary(config: EngineConfig): Record<string, unknown> {
  return { name: config.name, flags: config.flags, matmul: describeOverride(config.matmul), optimizer: config.fusedAdam === true ? 'TrainingOptimizer (fused Adam kernel)' : 'TrainingOptimizer' };
}

/** Matmul 4096³ variants: tfjs's own choice, its small-output program forced, and each larger tile. */
export function matmulVariants(): EngineConfig[] {
  const tiles: TileName[] = ['t64', 't64r8', 't128x32', 't128x64'];
  return [
    STOCK,
    { name: 'program=MatMulSmallOutputSize', flags: { WEBGPU_MATMUL_PROGRAM_TYPE: 2 }, matmul: NO_OVERRIDE },
    ...tiles.map((tile) => ({ name: `tile=${tile}`, flags: {}, matmul: { tile, transposeBViaTranspose: false } })),
  ];
}

/** Training variants tried on the batch-8192 MLP; `bestTile` is the fastest valid tile from the matmul grid (or null). */
export function trainingVariants(bestTile: TileName | null): EngineConfig[] {
  const transposeB: MatMulOverride = { tile: null, transposeBViaTranspose: true };
  const splitK: MatMulOverride = { tile: null, transposeBViaTranspose: true, splitK: true };
  const tiled: MatMulOverride = { tile: bestTile, transposeBViaTranspose: true, splitK: true };
  const tiledName = bestTile === null ? 'transposeB→transpose+splitK' : `tile=${bestTile}+transposeB→transpose+splitK`;
  return [
    STOCK,
    { name: 'submit-batch=64', flags: { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 64 }, matmul: NO_OVERRIDE },
    { name: 'submit-batch=256', flags: { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 256 }, matmul: NO_OVERRIDE },
    { name: 'cpu-forward=off', flags: { WEBGPU_CPU_FORWARD: false }, matmul: NO_OVERRIDE },
    { name: 'transposeB→transpose', flags: {}, matmul: transposeB },
    { name: 'transposeB→transpose+splitK', flags: {}, matmul: splitK },
    { name: 'fusedAdam', flags: {}, matmul: NO_OVERRIDE, fusedAdam: true },
    { name: 'transposeB→transpose+splitK+fusedAdam', flags: {}, matmul: splitK, fusedAdam: true },
    ...(bestTile === null ? [] : [{ name: `${tiledName}+fusedAdam`, flags: {}, matmul: tiled, fusedAdam: true }]),
    { name: `${tiledName}+fusedAdam+submit-batch=64`, flags: { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 64 }, matmul: tiled, fusedAdam: true },
  ];
}
