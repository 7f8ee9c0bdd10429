// PadV2 (constant padding) on float32 as one row copy per innermost row; tfjs's cpu kernel maps every element's index
// through indexToLoc/locToIndex and took 18 ms for the [128, 256] positional-table gradient of a transformer step.
import * as tf from '@tensorflow/tfjs';
import { cpuKernel, float32Values, kernelArgs, outputFloat32 } from './kernel_context.js';

export function createPadV2Kernel(): tf.KernelFunc {
  const fallback = cpuKernel(tf.PadV2);
  return (params) => {
    const args = kernelArgs(params);
    const { x } = args.inputs as { x: tf.TensorInfo };
    const values = float32Values(args.backend, x);
    const paddings = args.attrs.paddings as [number, number][];
    const constantValue = args.attrs.constantValue as number;
    if (values === null || x.shape.length === 0 || paddings.length !== x.shape.length) return fallback(args);
    const rank = x.shape.length;
    const outShape = x.shape.map((d, i) => (paddings[i]![0] + d + paddings[i]![1]));
    const out = outputFloat32(args.backend, tf.util.sizeFromShape(outShape));
    out.fill(constantValue);
    const rowLength = x.shape[rank - 1]!;
    if (values.length === 0 || rowLength === 0) return args.backend.makeTensorInfo(outShape, 'float32', out);
    const outStrides = tf.util.computeStrides(outShape);
    const index = new Array<number>(rank - 1).fill(0);
    for (let source = 0; source < values.length; source += rowLength) {
      let target = paddings[rank - 1]![0];
      for (let axis = 0; axis < rank - 1; axis++) target += (index[axis]! + paddings[axis]![0]) * outStrides[axis]!;
      out.set(values.subarray(source, source + rowLength), target);
      for (let axis = rank - 2; axis >= 0; axis--) {
        if (++index[axis]! < x.shape[axis]!) break;
        index[axis] = 0;
      }
    }
    return args.backend.makeTensorInfo(outShape, 'float32', out);
  };
}
