// Transpose, Tile, Softmax and FusedBatchNorm in the addon: the kernels a tfjs-layers transformer spends its time in
// once the matmuls are fast (attention head splits, LayerNormalization's tiling, attention softmax).
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from '../addon.js';
import { cpuKernel, float32Values, kernelArgs, outputFloat32 } from './kernel_context.js';

const MAX_RANK = 8;

export function createTransposeKernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.Transpose);
  return (params) => {
    const args = kernelArgs(params);
    const { x } = args.inputs as { x: tf.TensorInfo };
    const values = float32Values(args.backend, x);
    const perm = args.attrs.perm as number[];
    if (values === null || x.shape.length > MAX_RANK) return fallback(args);
    const outShape = perm.map((axis) => x.shape[axis] as number);
    const out = outputFloat32(args.backend, values.length);
    nativeAddon().transpose(values, out, x.shape, perm);
    return args.backend.makeTensorInfo(outShape, 'float32', out);
  };
}

export function createTileKernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.Tile);
  return (params) => {
    const args = kernelArgs(params);
    const { x } = args.inputs as { x: tf.TensorInfo };
    const values = float32Values(args.backend, x);
    const reps = args.attrs.reps as number[];
    if (values === null || x.shape.length === 0 || x.shape.length > MAX_RANK || reps.length !== x.shape.length) return fallback(args);
    const outShape = x.shape.map((d, i) => d * (reps[i] as number));
    const out = outputFloat32(args.backend, tf.util.sizeFromShape(outShape));
    nativeAddon().tile(values, out, x.shape, reps);
    return args.backend.makeTensorInfo(outShape, 'float32', out);
  };
}

export function createSoftmaxKernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.Softmax);
  return (params) => {
    const args = kernelArgs(params);
    const { logits } = args.inputs as { logits: tf.TensorInfo };
    const values = float32Values(args.backend, logits);
    const rank = logits.shape.length;
    const dim = args.attrs.dim as number;
    if (values === null || rank === 0 || (dim !== -1 && dim !== rank - 1)) return fallback(args);
    const cols = logits.shape[rank - 1] as number;
    if (cols === 0) return fallback(args);
    const out = outputFloat32(args.backend, values.length);
    nativeAddon().softmax(values, out, values.length / cols, cols);
    return args.backend.makeTensorInfo(logits.shape, 'float32', out);
  };
}

export function createFusedBatchNormKernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.FusedBatchNorm);
  return (params) => {
    const args = kernelArgs(params);
    const { x, mean, variance, offset, scale } = args.inputs as Record<'x' | 'mean' | 'variance', tf.TensorInfo> & Partial<Record<'offset' | 'scale', tf.TensorInfo>>;
    const xValues = float32Values(args.backend, x);
    const meanValues = float32Values(args.backend, mean);
    const varianceValues = float32Values(args.backend, variance);
    const offsetValues = offset === undefined ? null : float32Values(args.backend, offset);
    const scaleValues = scale === undefined ? null : float32Values(args.backend, scale);
    // Rank mismatches go to tfjs, which rejects them with its own message.
    const ranksAgree = [variance, offset, scale].every((t) => t === undefined || t.shape.length === mean.shape.length);
    if (!ranksAgree || xValues === null || meanValues === null || varianceValues === null || (offset !== undefined && offsetValues === null) || (scale !== undefined && scaleValues === null)) {
      return fallback(args);
    }
    const out = outputFloat32(args.backend, xValues.length);
    nativeAddon().batchNorm(xValues, meanValues, varianceValues, offsetValues, scaleValues, out, (args.attrs.varianceEpsilon as number | undefined) ?? 0.001);
    return args.backend.makeTensorInfo(x.shape, 'float32', out);
  };
}
