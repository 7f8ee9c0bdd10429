// UnsortedSegmentSum (the gradient of an embedding lookup) in the addon: one pass instead of tfjs's cpu kernel,
// which builds a full-size mask, product and sum for every segment.
import * as tf from '@tensorflow/tfjs';
import { nativeAddon } from '../addon.js';
import { cpuKernel, float32Values, kernelArgs } from './kernel_context.js';

export function createUnsortedSegmentSumKernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.UnsortedSegmentSum);
  return (params) => {
    const args = kernelArgs(params);
    const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
    const values = float32Values(args.backend, x);
    const ids = segmentIds.dtype === 'int32' ? args.backend.data.get(segmentIds.dataId)?.values : undefined;
    if (values === null || !(ids instanceof Int32Array)) return fallback(args);
    const numSegments = args.attrs.numSegments as number;
    const rows = tf.util.sizeFromShape(segmentIds.shape);
    const rowShape = x.shape.slice(segmentIds.shape.length);
    const cols = tf.util.sizeFromShape(rowShape);
    const out = new Float32Array(numSegments * cols);
    nativeAddon().unsortedSegmentSum(values, ids, out, rows, cols, numSegments);
    return args.backend.makeTensorInfo([numSegments, ...rowShape], 'float32', out);
  };
}
