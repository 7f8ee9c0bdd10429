// Kernels tfjs-backend-wasm 4.22 lacks but training needs, written in JS over the wasm heap (no fallback to another backend).
import * as tf from '@tensorflow/tfjs';

/** The slice of tfjs-backend-wasm's BackendWasm these kernels use. */
interface WasmBackendHeap {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * UnsortedSegmentSum is the gradient of Gather, so without it no Embedding layer trains on wasm.
 * out[s, …] = Σ_{i: ids[i] = s} x[i, …]; ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
const unsortedSegmentSum: tf.KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
    const numSegments = (attrs as { numSegments: number }).numSegments;
    const heap = backend as unknown as WasmBackendHeap;
    const values = heap.readSync(x.dataId);
    const ids = heap.readSync(segmentIds.dataId);
    const rows = ids.length;
    const inner = rows === 0 ? 0 : values.length / rows;
    const output = heap.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
    const sums = heap.typedArrayFromHeap(output);
    sums.fill(0);
    for (let row = 0; row < rows; row++) {
      const segment = ids[row] as number;
      if (segment < 0 || segment >= numSegments) continue;
      const from = row * inner;
      const to = segment * inner;
      for (let j = 0; j < inner; j++) sums[to + j] = (sums[to + j] as number) + (values[from + j] as number);
    }
    return output;
  },
};

let registered = false;

/** Registers the missing kernels once; call after @tensorflow/tfjs-backend-wasm is imported. */
export function registerWasmGapKernels(): void {
  if (registered) return;
  for (const config of [unsortedSegmentSum]) {
    if (tf.getKernel(config.kernelName, 'wasm') == null) tf.registerKernel(config);
  }
  registered = true;
}
