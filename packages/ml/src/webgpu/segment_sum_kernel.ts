// tfjs-backend-webgpu 4.22's UnsortedSegmentSum adds row i to segment `ids[i] % numSegments`, so an id ≥ numSegments
// lands in another segment instead of being dropped as in TensorFlow (negative ids are dropped). This wrapper maps
// ids outside [0, numSegments) to -1 before the stock kernel runs.
import * as tf from '@tensorflow/tfjs';

interface WebgpuBackendData {
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.backend_util.BackendValues): tf.TensorInfo;
  disposeData(dataId: object): void;
}

function webgpuKernel(name: string): tf.KernelConfig {
  const config = tf.getKernel(name, 'webgpu');
  if (config == null) throw new Error(`tfjs-backend-webgpu has no ${name} kernel`);
  return config;
}

let registered = false;

/** Replaces webgpu's UnsortedSegmentSum with one that drops out-of-range ids. Needs tfjs-backend-webgpu imported. */
export function registerWebgpuSegmentSumFix(): void {
  if (registered) return;
  const stock = webgpuKernel('UnsortedSegmentSum');
  const less = webgpuKernel('Less');
  const fill = webgpuKernel('Fill');
  const select = webgpuKernel('Select');
  tf.unregisterKernel('UnsortedSegmentSum', 'webgpu');
  tf.registerKernel({
    ...stock,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const data = backend as unknown as WebgpuBackendData;
      const limit = data.makeTensorInfo([], segmentIds.dtype, new Int32Array([numSegments]));
      const inRange = less.kernelFunc({ inputs: { a: segmentIds, b: limit }, backend, attrs: {} }) as tf.TensorInfo;
      const dropped = fill.kernelFunc({ inputs: {}, backend, attrs: { shape: segmentIds.shape, value: -1, dtype: segmentIds.dtype } }) as tf.TensorInfo;
      const ids = select.kernelFunc({ inputs: { condition: inRange, t: segmentIds, e: dropped }, backend, attrs: {} }) as tf.TensorInfo;
      const result = stock.kernelFunc({ inputs: { x, segmentIds: ids }, backend, attrs });
      for (const info of [limit, inRange, dropped, ids]) data.disposeData(info.dataId);
      return result;
    },
  });
  registered = true;
}
