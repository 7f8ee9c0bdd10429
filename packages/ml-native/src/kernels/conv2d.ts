// Conv2D, its two backprop kernels and FusedConv2D as im2col + sgemm (NHWC; NCHW falls back to tfjs's cpu kernels).
import * as tf from '@tensorflow/tfjs';
import { nativeAddon, type ConvGeometry } from '../addon.js';
import { applyBiasActivation } from './epilogue.js';
import { cpuKernel, float32Values, kernelArgs, type KernelArgs, outputFloat32 } from './kernel_context.js';

type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

export function geometry(info: ConvInfo): ConvGeometry {
  return {
    batchSize: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
  };
}

/** Conv2D attrs as computeConv2DInfo wants them; null for NCHW, which the addon does not lay out. */
function convInfoFor(args: KernelArgs, inShape: number[], filterShape: number[], dilations: number | [number, number]): ConvInfo | null {
  const dataFormat = tf.backend_util.convertConv2DDataFormat((args.attrs.dataFormat as 'NHWC' | 'NCHW' | undefined) ?? 'NHWC');
  if (dataFormat !== 'channelsLast') return null;
  return tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    args.attrs.strides as number | [number, number],
    dilations,
    args.attrs.pad as 'valid' | 'same' | number | tf.backend_util.ExplicitPadding,
    args.attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    dataFormat,
  );
}

function forward(args: KernelArgs): { info: tf.TensorInfo; values: Float32Array } | null {
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const xValues = float32Values(args.backend, x);
  const filterValues = float32Values(args.backend, filter);
  if (xValues === null || filterValues === null || x.shape.length !== 4) return null;
  const convInfo = convInfoFor(args, x.shape, filter.shape, (args.attrs.dilations as number | [number, number] | undefined) ?? 1);
  if (convInfo === null) return null;
  const values = outputFloat32(args.backend, tf.util.sizeFromShape(convInfo.outShape));
  nativeAddon().conv2d(xValues, filterValues, values, geometry(convInfo));
  return { info: args.backend.makeTensorInfo(convInfo.outShape, 'float32', values), values };
}

export function createConv2DKernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.Conv2D);
  return (params) => {
    const args = kernelArgs(params);
    return forward(args)?.info ?? fallback(args);
  };
}

export function createFusedConv2DKernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.FusedConv2D);
  return (params) => {
    const args = kernelArgs(params);
    const result = forward(args);
    if (result === null) return fallback(args);
    const { bias, preluActivationWeights } = args.inputs as { bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
    return applyBiasActivation(
      args.backend,
      result.info,
      result.values,
      bias,
      args.attrs.activation as string | undefined,
      preluActivationWeights,
      args.attrs.leakyreluAlpha as number | undefined,
    );
  };
}

export function createConv2DBackpropInputKernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.Conv2DBackpropInput);
  return (params) => {
    const args = kernelArgs(params);
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const dyValues = float32Values(args.backend, dy);
    const filterValues = float32Values(args.backend, filter);
    const inputShape = args.attrs.inputShape as number[];
    const convInfo = dyValues && filterValues ? convInfoFor(args, inputShape, filter.shape, 1) : null;
    if (convInfo === null || dyValues === null || filterValues === null) return fallback(args);
    const dx = outputFloat32(args.backend, tf.util.sizeFromShape(convInfo.inShape));
    nativeAddon().conv2dBackpropInput(dyValues, filterValues, dx, geometry(convInfo));
    return args.backend.makeTensorInfo(convInfo.inShape, 'float32', dx);
  };
}

export function createConv2DBackpropFilterKernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.Conv2DBackpropFilter);
  return (params) => {
    const args = kernelArgs(params);
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const xValues = float32Values(args.backend, x);
    const dyValues = float32Values(args.backend, dy);
    const filterShape = args.attrs.filterShape as number[];
    const convInfo = xValues && dyValues ? convInfoFor(args, x.shape, filterShape, 1) : null;
    if (convInfo === null || xValues === null || dyValues === null) return fallback(args);
    const dw = outputFloat32(args.backend, tf.util.sizeFromShape(convInfo.filterShape));
    nativeAddon().conv2dBackpropFilter(xValues, dyValues, dw, geometry(convInfo));
    return args.backend.makeTensorInfo(convInfo.filterShape, 'float32', dw);
  };
}
