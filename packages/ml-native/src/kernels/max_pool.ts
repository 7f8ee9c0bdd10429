// MaxPool and MaxPoolGrad (NHWC) in the addon; tfjs's cpu MaxPoolGrad took 85% of a CNN training step.
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from '../addon.js';
import { geometry } from './conv2d.js';
import { cpuKernel, float32Values, kernelArgs, type KernelArgs, outputFloat32 } from './kernel_context.js';

function poolInfo(args: KernelArgs, inShape: number[]): ReturnType<typeof tf.backend_util.computePool2DInfo> {
  return tf.backend_util.computePool2DInfo(
    inShape as [number, number, number, number],
    args.attrs.filterSize as number | [number, number],
    args.attrs.strides as number | [number, number],
    1,
    args.attrs.pad as 'valid' | 'same' | number | tf.backend_util.ExplicitPadding,
    args.attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
}

export function createMaxPoolKernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.MaxPool);
  return (params) => {
    const args = kernelArgs(params);
    const { x } = args.inputs as { x: tf.TensorInfo };
    const values = float32Values(args.backend, x);
    if (values === null || x.shape.length !== 4) return fallback(args);
    const info = poolInfo(args, x.shape);
    // A 1x1 stride-1 pool is the identity; tfjs returns the input there, and so do we through its kernel.
    if (info.filterWidth === 1 && info.filterHeight === 1 && tf.util.arraysEqual(info.inShape, info.outShape)) return fallback(args);
    const out = outputFloat32(args.backend, tf.util.sizeFromShape(info.outShape));
    nativeAddon().maxPool(values, out, geometry(info));
    return args.backend.makeTensorInfo(info.outShape, 'float32', out);
  };
}

export function createMaxPoolGradKernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.MaxPoolGrad);
  return (params) => {
    const args = kernelArgs(params);
    const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const dyValues = float32Values(args.backend, dy);
    const xValues = float32Values(args.backend, input);
    if (dyValues === null || xValues === null || input.shape.length !== 4) return fallback(args);
    const info = poolInfo(args, input.shape);
    const dx = outputFloat32(args.backend, tf.util.sizeFromShape(input.shape));
    nativeAddon().maxPoolGrad(dyValues, xValues, dx, geometry(info));
    return args.backend.makeTensorInfo(input.shape, 'float32', dx);
  };
}
