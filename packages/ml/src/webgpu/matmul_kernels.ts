// Alternative WebGPU matmul kernels behind a switch: larger register tiles than tfjs 4.22's 32×32, transposeB as an
// explicit transpose, and split-K through the batch dimension for weight gradients.
// tfjs-backend-webgpu 4.22 runs every large fp32 matmul as MatMulPackedProgram with 8×8 threads × 4×4 outputs (a 32×32
// tile, K-step 32) and sends any transposeB product (dX = dY·Wᵀ in every Dense backward pass) to its scalar, non-vec4
// shader. These overrides re-register BatchMatMul and _FusedMatMul for 'webgpu': vec4 products use a chosen larger tile,
// transposeB products are rewritten as transpose(B) (one cheap shared-memory transpose) + the vec4 shader; everything
// else (small outputs, odd shapes, leakyrelu) goes to the stock kernel. Weight gradients Xᵀ·dY have a small output
// ([in, out]) and a long K (the batch): 32×32 tiles give a few hundred workgroups of 64 threads, far too few for a GPU
// with 132 SMs, each looping over all of K. Split-K reshapes X [K, in] → [S, K/S, in] and dY likewise (free views),
// runs one batched product [S, in, out] and sums over S: S times the workgroups for one extra small reduction.
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
// Deep imports of side-effect-free modules only: importing the package's main would evaluate its registration before
// navigator.gpu exists (static imports run first), and the webgpu backend would never register.
import { MatMulPackedProgram } from '@tensorflow/tfjs-backend-webgpu/dist/matmul_packed_webgpu.js';
import { computeDispatch } from '@tensorflow/tfjs-backend-webgpu/dist/webgpu_util.js';
import { TILE_CONFIGS, isStockMatMul, type MatMulOverride, type TileName } from './settings.js';

/** Target workgroup count (of the stock 32×32 tile) that split-K aims for; 132 SMs want thousands of 64-thread groups. */
const SPLIT_K_TARGET_WORKGROUPS = 4096;
const SPLIT_K_MIN_CHUNK = 256;
const SPLIT_K_MAX = 16;

/** How many K-chunks to split Aᵀ·B into (1 = do not split): doubling while the output alone leaves the GPU idle. */
export function splitKFactor(outerA: number, outerB: number, inner: number): number {
  const workgroups = Math.ceil(outerA / 32) * Math.ceil(outerB / 32);
  let splits = 1;
  while (splits < SPLIT_K_MAX && workgroups * splits * 2 <= SPLIT_K_TARGET_WORKGROUPS && inner % (splits * 2) === 0 && inner / (splits * 2) >= SPLIT_K_MIN_CHUNK) {
    splits *= 2;
  }
  return splits;
}

/** The parts of WebGPUBackend these kernels use (its .d.ts needs @webgpu/types, which the project does not install). */
interface WebgpuBackendLike {
  runWebGPUProgram(program: unknown, inputs: TensorInfo[], dtype: string, uniforms?: { type: string; data: number[] }[], output?: TensorInfo): TensorInfo;
  disposeData(dataId: unknown): boolean;
}

class TiledMatMulProgram extends MatMulPackedProgram {
  constructor(
    aShape: [number, number, number],
    outputShape: [number, number, number],
    transposeA: boolean,
    bias: TensorInfo | undefined,
    activation: string | undefined,
    prelu: TensorInfo | undefined,
    tile: TileName,
  ) {
    super(aShape, outputShape, transposeA, false, bias, activation as never, prelu, false);
    const config = TILE_CONFIGS[tile];
    this.workgroupSize = [...config.workgroupSize];
    this.elementsPerThread = [...config.elementsPerThread];
    this.dispatch = computeDispatch(this.dispatchLayout, this.outputShape, this.workgroupSize, this.elementsPerThread);
    const dimInner = transposeA ? aShape[1] : aShape[2];
    [this.fitAOuter, this.fitBOuter, this.fitInner] = this.getShapeFit(outputShape[1], outputShape[2], dimInner) as [boolean, boolean, boolean];
    // The stock key encodes the stock tile; a different shader needs a different cache key.
    this.shaderKey = `${this.shaderKey}_${tile}_${this.fitAOuter}_${this.fitBOuter}_${this.fitInner}`;
  }
}

interface MatMulArgs {
  a: TensorInfo;
  b: TensorInfo;
  bias?: TensorInfo;
  prelu?: TensorInfo;
  transposeA: boolean;
  transposeB: boolean;
  activation?: string;
}

function kernelFuncOf(name: string): KernelFunc {
  const kernel = tf.getKernel(name, 'webgpu');
  if (!kernel) throw new Error(`webgpu has no ${name} kernel registered`);
  return kernel.kernelFunc;
}

/** Runs the tiled program if the shapes suit it; returns null to fall back to the stock kernel. */
function tiledMatMul(args: MatMulArgs, backend: WebgpuBackendLike, override: MatMulOverride): TensorInfo | null {
  const { a, b } = args;
  if (a.dtype !== 'float32' || args.activation === 'leakyrelu') return null;
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  const batchA = a.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  const batchB = b.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  if (batchA !== batchB) return null; // broadcasting batches: leave to the stock kernel
  const inner = args.transposeA ? a.shape[aRank - 2]! : a.shape[aRank - 1]!;
  const outerA = args.transposeA ? a.shape[aRank - 1]! : a.shape[aRank - 2]!;
  const outerB = args.transposeB ? b.shape[bRank - 2]! : b.shape[bRank - 1]!;
  if (outerA <= 32 || outerB % 4 !== 0) return null;
  const plainEpilogue = !args.bias && !args.prelu && (args.activation === undefined || args.activation === 'linear');
  const splits =
    override.splitK === true && args.transposeA && !args.transposeB && batchA === 1 && plainEpilogue && outerA % 4 === 0 ? splitKFactor(outerA, outerB, inner) : 1;
  // Small products without split-K keep tfjs's small-output / split-K / reduce programs.
  if (splits === 1 && batchA * Math.ceil(outerA / 32) * Math.ceil(outerB / 32) <= 64) return null;
  if (args.transposeB && !override.transposeBViaTranspose) return null;
  if (!args.transposeB && override.tile === null && splits === 1) return null;
  const vec4Ok = args.transposeA ? outerA % 4 === 0 : inner % 4 === 0;
  if (!vec4Ok) return null;
  // Tiles with 8 rows per thread assume an untransposed A; transposed A then keeps the stock 32×32 vec4 tile.
  const tile = override.tile !== null && (!args.transposeA || TILE_CONFIGS[override.tile].elementsPerThread[1] === 4) ? override.tile : null;

  const reshape = kernelFuncOf('Reshape');
  const intermediates: TensorInfo[] = [];
  const keep = (t: TensorInfo): TensorInfo => {
    intermediates.push(t);
    return t;
  };
  try {
    if (splits > 1) {
      // A is [K, M] (transposed), B is [K, N]: splitting K into S row blocks is a free reshape of both.
      const chunk = inner / splits;
      const aSplit = keep(reshape({ inputs: { x: a }, backend: backend, attrs: { shape: [splits, chunk, outerA] } }) as TensorInfo);
      const bSplit = keep(reshape({ inputs: { x: b }, backend: backend, attrs: { shape: [splits, chunk, outerB] } }) as TensorInfo);
      const splitTile = tile !== null && TILE_CONFIGS[tile].elementsPerThread[1] === 4 ? tile : null;
      const partialShape: [number, number, number] = [splits, outerA, outerB];
      const aShapeSplit = aSplit.shape as [number, number, number];
      const partialProgram =
        splitTile === null
          ? new MatMulPackedProgram(aShapeSplit, partialShape, true, false, undefined, undefined, undefined, false)
          : new TiledMatMulProgram(aShapeSplit, partialShape, true, undefined, undefined, undefined, splitTile);
      const splitDimensions = [
        { type: 'int32', data: [outerA] },
        { type: 'int32', data: [outerB] },
        { type: 'int32', data: [chunk] },
      ];
      const partials = keep(backend.runWebGPUProgram(partialProgram, [aSplit, bSplit], a.dtype, splitDimensions)); // [S, M, N]
      const summed = keep(kernelFuncOf('Sum')({ inputs: { x: partials }, backend: backend, attrs: { axis: [0], keepDims: false } }) as TensorInfo);
      const splitOutShape = [...(aRank > bRank ? a.shape : b.shape).slice(0, -2), outerA, outerB];
      return reshape({ inputs: { x: summed }, backend: backend, attrs: { shape: splitOutShape } }) as TensorInfo;
    }
    const a3d = keep(reshape({ inputs: { x: a }, backend: backend, attrs: { shape: args.transposeA ? [batchA, inner, outerA] : [batchA, outerA, inner] } }) as TensorInfo);
    let b3d = keep(reshape({ inputs: { x: b }, backend: backend, attrs: { shape: args.transposeB ? [batchB, outerB, inner] : [batchB, inner, outerB] } }) as TensorInfo);
    if (args.transposeB) {
      b3d = keep(kernelFuncOf('Transpose')({ inputs: { x: b3d }, backend: backend, attrs: { perm: [0, 2, 1] } }) as TensorInfo);
    }
    const outputShape: [number, number, number] = [batchA, outerA, outerB];
    const aShape3d = a3d.shape as [number, number, number];
    const program =
      tile === null
        ? new MatMulPackedProgram(aShape3d, outputShape, args.transposeA, false, args.bias, args.activation as never, args.prelu, false)
        : new TiledMatMulProgram(aShape3d, outputShape, args.transposeA, args.bias, args.activation, args.prelu, tile);
    const inputs = [a3d, b3d, ...(args.bias ? [args.bias] : []), ...(args.prelu ? [args.prelu] : [])];
    const dimensions = [
      { type: 'int32', data: [outerA] },
      { type: 'int32', data: [outerB] },
      { type: 'int32', data: [inner] },
    ];
    const out = keep(backend.runWebGPUProgram(program, inputs, a.dtype, dimensions));
    const outShape = [...(aRank > bRank ? a.shape : b.shape).slice(0, -2), outerA, outerB];
    return reshape({ inputs: { x: out }, backend: backend, attrs: { shape: outShape } }) as TensorInfo;
  } finally {
    for (const t of intermediates) backend.disposeData(t.dataId);
  }
}

let stock: { batchMatMul: KernelConfig; fusedMatMul: KernelConfig } | null = null;

function reregister(config: KernelConfig): void {
  tf.unregisterKernel(config.kernelName, 'webgpu');
  tf.registerKernel(config);
}

/** Installs `override` for every later matmul on 'webgpu' (NO_OVERRIDE restores tfjs's kernels). */
export function setMatMulOverride(override: MatMulOverride): void {
  if (stock === null) {
    if (isStockMatMul(override)) return; // nothing was ever replaced
    const batchMatMul = tf.getKernel('BatchMatMul', 'webgpu') as KernelConfig | undefined;
    const fusedMatMul = tf.getKernel('_FusedMatMul', 'webgpu') as KernelConfig | undefined;
    if (!batchMatMul || !fusedMatMul) throw new Error('setMatMulOverride: the webgpu backend is not loaded (no BatchMatMul kernel registered)');
    stock = { batchMatMul, fusedMatMul };
  }
  const { batchMatMul, fusedMatMul } = stock;
  if (isStockMatMul(override)) {
    reregister(batchMatMul);
    reregister(fusedMatMul);
    return;
  }
  reregister({
    kernelName: 'BatchMatMul',
    backendName: 'webgpu',
    kernelFunc: (params) => {
      const { inputs, backend, attrs } = params as { inputs: Record<string, TensorInfo>; backend: unknown; attrs: NamedAttrMap };
      const out = tiledMatMul(
        { a: inputs.a!, b: inputs.b!, transposeA: attrs.transposeA === true, transposeB: attrs.transposeB === true },
        backend as WebgpuBackendLike,
        override,
      );
      return out ?? batchMatMul.kernelFunc(params);
    },
  });
  reregister({
    kernelName: '_FusedMatMul',
    backendName: 'webgpu',
    kernelFunc: (params) => {
      const { inputs, backend, attrs } = params as { inputs: Record<string, TensorInfo | undefined>; backend: unknown; attrs: NamedAttrMap };
      const out = tiledMatMul(
        {
          a: inputs.a!,
          b: inputs.b!,
          bias: inputs.bias ?? undefined,
          prelu: inputs.preluActivationWeights ?? undefined,
          transposeA: attrs.transposeA === true,
          transposeB: attrs.transposeB === true,
          activation: typeof attrs.activation === 'string' ? attrs.activation : undefined,
        },
        backend as WebgpuBackendLike,
        override,
      );
      return out ?? fusedMatMul.kernelFunc(params);
    },
  });
}
