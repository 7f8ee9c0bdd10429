// Unary and binary float32 elementwise kernels in the addon. Binary ops cover the broadcasts a training step makes
// (same shape, scalar, a bias row, a per-row column); anything else goes to tfjs's cpu kernel.
import * as tf from '@tensorflow/tfjs';
import { BINARY_OPS, OPERAND_LAYOUTS, UNARY_OPS, nativeAddon } from '../addon.js';
import { cpuKernel, float32Values, kernelArgs, outputFloat32 } from './kernel_context.js';

export type UnaryKernelName = keyof typeof UNARY_OPS;
export type BinaryKernelName = keyof typeof BINARY_OPS;

export function createUnaryKernel(kernelName: UnaryKernelName): tf.KernelFunc {
  const fallback = cpuKernel(kernelName);
  const op = UNARY_OPS[kernelName];
  return (params) => {
    const args = kernelArgs(params);
    const { x } = args.inputs as { x: tf.TensorInfo };
    const values = float32Values(args.backend, x);
    if (values === null) return fallback(args);
    const out = outputFloat32(args.backend, values.length);
    nativeAddon().unary(op, values, out, typeof args.attrs.alpha === 'number' ? args.attrs.alpha : 0);
    return args.backend.makeTensorInfo(x.shape, 'float32', out);
  };
}

type Layout = (typeof OPERAND_LAYOUTS)[keyof typeof OPERAND_LAYOUTS];

/** How `shape` (right-aligned against `out`) fills a [prod(out[:split]), prod(out[split:])] matrix, or null. */
function layoutAt(shape: readonly number[], out: readonly number[], split: number): Layout | null {
  const size = tf.util.sizeFromShape(shape as number[]);
  if (size === tf.util.sizeFromShape(out as number[])) return OPERAND_LAYOUTS.full;
  if (size === 1) return OPERAND_LAYOUTS.scalar;
  const padded = [...new Array<number>(out.length - shape.length).fill(1), ...shape];
  const leadingOnes = padded.slice(0, split).every((d) => d === 1);
  const trailingOnes = padded.slice(split).every((d) => d === 1);
  const leadingMatch = padded.slice(0, split).every((d, i) => d === out[i]);
  const trailingMatch = padded.slice(split).every((d, i) => d === out[split + i]);
  if (leadingOnes && trailingMatch) return OPERAND_LAYOUTS.row;
  if (leadingMatch && trailingOnes) return OPERAND_LAYOUTS.column;
  return null;
}

interface BinaryPlan {
  aLayout: Layout;
  bLayout: Layout;
  rows: number;
  cols: number;
}

export function planBroadcast(aShape: readonly number[], bShape: readonly number[], outShape: readonly number[]): BinaryPlan | null {
  for (let split = 0; split <= outShape.length; split++) {
    const aLayout = layoutAt(aShape, outShape, split);
    const bLayout = layoutAt(bShape, outShape, split);
    if (aLayout !== null && bLayout !== null) {
      return {
        aLayout,
        bLayout,
        rows: tf.util.sizeFromShape(outShape.slice(0, split)),
        cols: tf.util.sizeFromShape(outShape.slice(split)),
      };
    }
  }
  return null;
}

export function createBinaryKernel(kernelName: BinaryKernelName): tf.KernelFunc {
  const fallback = cpuKernel(kernelName);
  const op = BINARY_OPS[kernelName];
  return (params) => {
    const args = kernelArgs(params);
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const aValues = float32Values(args.backend, a);
    const bValues = float32Values(args.backend, b);
    if (aValues === null || bValues === null) return fallback(args);
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const plan = planBroadcast(a.shape, b.shape, outShape);
    if (plan === null) return fallback(args);
    const out = outputFloat32(args.backend, tf.util.sizeFromShape(outShape));
    nativeAddon().binary(op, aValues, plan.aLayout, bValues, plan.bLayout, out, plan.rows, plan.cols);
    return args.backend.makeTensorInfo(outShape, 'float32', out);
  };
}
