// BatchMatMul and _FusedMatMul straight to sgemm for every transposeA/transposeB combination (tfjs's own transposed
// paths are ~10× slower, and the backward pass of every dense layer takes them).
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from '../addon.js';
import { applyBiasActivation } from './epilogue.js';
import { cpuKernel, float32Values, kernelArgs, type KernelArgs, outputFloat32 } from './kernel_context.js';

interface MatMulPlan {
  a: Float32Array;
  b: Float32Array;
  batchA: number;
  batchB: number;
  m: number;
  n: number;
  k: number;
  /** [...broadcast batch dims, m, n] */
  outShape: number[];
}

/** Shapes for the addon, or null when tfjs's kernel must handle the case (non-float32, multi-axis broadcasting). */
function planMatMul(args: KernelArgs, transposeA: boolean, transposeB: boolean): MatMulPlan | null {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const aValues = float32Values(args.backend, a);
  const bValues = float32Values(args.backend, b);
  if (aValues === null || bValues === null || a.shape.length < 2 || b.shape.length < 2) return null;
  const aRows = a.shape.at(-2) as number;
  const aCols = a.shape.at(-1) as number;
  const bRows = b.shape.at(-2) as number;
  const bCols = b.shape.at(-1) as number;
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const kB = transposeB ? bCols : bRows;
  const n = transposeB ? bRows : bCols;
  if (k !== kB) {
    throw new Error(
      `Error in matMul: inner shapes (${k}) and (${kB}) of Tensors with shapes ${a.shape.join(',')} and ${b.shape.join(',')} and ` +
        `transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const batchDims = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  const batch = tf.util.sizeFromShape(batchDims);
  // The addon broadcasts only a whole operand (batch 1) against the other; anything finer goes to tfjs.
  if (batch !== Math.max(batchA, batchB) || (batchA !== batchB && batchA !== 1 && batchB !== 1)) return null;
  return { a: aValues, b: bValues, batchA, batchB, m, n, k, outShape: [...batchDims, m, n] };
}

function runMatMul(args: KernelArgs, plan: MatMulPlan, transposeA: boolean, transposeB: boolean): { info: tf.TensorInfo; values: Float32Array } {
  const values = outputFloat32(args.backend, tf.util.sizeFromShape(plan.outShape));
  nativeAddon().matMul(plan.a, plan.b, values, plan.batchA, plan.batchB, plan.m, plan.n, plan.k, transposeA, transposeB);
  return { info: args.backend.makeTensorInfo(plan.outShape, 'float32', values), values };
}

export function createBatchMatMulKernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.BatchMatMul);
  return (params) => {
    const args = kernelArgs(params);
    const transposeA = args.attrs.transposeA === true;
    const transposeB = args.attrs.transposeB === true;
    const plan = planMatMul(args, transposeA, transposeB);
    if (plan === null) return fallback(args);
    return runMatMul(args, plan, transposeA, transposeB).info;
  };
}

export function createFusedMatMulKernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf._FusedMatMul);
  return (params) => {
    const args = kernelArgs(params);
    const transposeA = args.attrs.transposeA === true;
    const transposeB = args.attrs.transposeB === true;
    const plan = planMatMul(args, transposeA, transposeB);
    if (plan === null) return fallback(args);
    const { bias, preluActivationWeights } = args.inputs as { bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
    const { info, values } = runMatMul(args, plan, transposeA, transposeB);
    return applyBiasActivation(
      args.backend,
      info,
      values,
      bias,
      args.attrs.activation as string | undefined,
      preluActivationWeights,
      args.attrs.leakyreluAlpha as number | undefined,
    );
  };
}
