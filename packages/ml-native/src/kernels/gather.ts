// GatherV2 along axis 0 (an embedding lookup) as row copies; tfjs's cpu kernel computes every element's source index
// through TensorBuffer.get/set and took 120 ms for one [4096]-row lookup of a transformer step.
import * as tf from '@tensorflow/tfjs';
import { cpuKernel, float32Values, kernelArgs, outputFloat32 } from './kernel_context.js';

export function createGatherV2Kernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.GatherV2);
  return (params) => {
    const args = kernelArgs(params);
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const values = float32Values(args.backend, x);
    const ids = indices.dtype === 'int32' ? args.backend.data.get(indices.dataId)?.values : undefined;
    const axis = tf.util.parseAxisParam(args.attrs.axis as number, x.shape)[0];
    if (values === null || !(ids instanceof Int32Array) || axis !== 0 || (args.attrs.batchDims ?? 0) !== 0 || x.shape.length === 0) {
      return fallback(args);
    }
    const rows = x.shape[0] as number;
    const rowShape = x.shape.slice(1);
    const cols = tf.util.sizeFromShape(rowShape);
    for (const id of ids) {
      // tfjs's cpu kernel throws for an index outside [0, rows); let it say so.
      if (id < 0 || id >= rows) return fallback(args);
    }
    const out = outputFloat32(args.backend, ids.length * cols);
    for (let i = 0; i < ids.length; i++) {
      const start = (ids[i] as number) * cols;
      out.set(values.subarray(start, start + cols), i * cols);
    }
    return args.backend.makeTensorInfo([...indices.shape, ...rowShape], 'float32', out);
  };
}
