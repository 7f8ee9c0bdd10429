// Sum, Mean, Max and Min over a contiguous block of axes in the addon (tfjs's cpu kernel transposes first, which
// dominated the bias gradients); other axis sets and dtypes go to tfjs's cpu kernel.
import * as tf from '@tensorflow/tfjs';
import { REDUCE_OPS, nativeAddon } from '../addon.js';
import { cpuKernel, float32Values, kernelArgs, outputFloat32 } from './kernel_context.js';

export type ReduceKernelName = keyof typeof REDUCE_OPS;

export function createReduceKernel(kernelName: ReduceKernelName): tf.KernelFunc {
  const fallback = cpuKernel(kernelName);
  const op = REDUCE_OPS[kernelName];
  return (params) => {
    const args = kernelArgs(params);
    const { x } = args.inputs as { x: tf.TensorInfo };
    const values = float32Values(args.backend, x);
    // Max names its axes `reductionIndices`; Sum, Mean and Min call them `axis`.
    const axisAttr = (args.attrs.axis ?? args.attrs.reductionIndices) as number | number[] | undefined;
    if (values === null || x.shape.length === 0) return fallback(args);
    const axes = tf.util.parseAxisParam(axisAttr ?? [], x.shape).sort((p, q) => p - q);
    const first = axes[0];
    const last = axes.at(-1);
    if (first === undefined || last === undefined || last - first + 1 !== axes.length) return fallback(args);
    const mid = tf.util.sizeFromShape(x.shape.slice(first, last + 1));
    if (mid === 0) return fallback(args);
    const outer = tf.util.sizeFromShape(x.shape.slice(0, first));
    const inner = tf.util.sizeFromShape(x.shape.slice(last + 1));
    const out = outputFloat32(args.backend, outer * inner);
    nativeAddon().reduce(op, values, out, outer, mid, inner);
    const outShape = args.attrs.keepDims === true ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    return args.backend.makeTensorInfo(outShape, 'float32', out);
  };
}
