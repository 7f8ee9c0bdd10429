// What every native kernel needs: typed access to the cpu backend's float32 buffers and a way to defer to tfjs's
// own cpu kernel for the cases the addon does not cover (other dtypes, NCHW, unusual broadcasting).
import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { Float32Pool } from '../buffer_pool.js';
import { NativeBackend } from '../native_backend.js';

/** For kernels called on a plain cpu backend (tests do): hands out new buffers, never sees them freed. */
const fallbackPool = new Float32Pool(0);

export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: MathBackendCPU;
  attrs: tf.NamedAttrMap;
}

/** The buffer behind a float32 tensor, or null when it is another dtype or not held as a Float32Array. */
export function float32Values(backend: MathBackendCPU, info: tf.TensorInfo): Float32Array | null {
  if (info.dtype !== 'float32') return null;
  const values = backend.data.get(info.dataId)?.values;
  return values instanceof Float32Array ? values : null;
}

/**
 * A Float32Array for a kernel output that the kernel overwrites in full: a recycled buffer when the backend keeps a
 * pool (the `native` backend does), else a new one, never zero-filled.
 */
export function outputFloat32(backend: MathBackendCPU, length: number): Float32Array {
  return (backend instanceof NativeBackend ? backend.pool : fallbackPool).take(length);
}

/** tfjs's cpu kernel of the same name, called with the same arguments. */
export function cpuKernel(kernelName: string): (args: KernelArgs) => tf.TensorInfo {
  const config = tf.getKernel(kernelName, 'cpu');
  if (config === undefined) throw new Error(`tfjs has no cpu kernel named ${kernelName}`);
  return (args) => {
    const result = config.kernelFunc(args);
    if (Array.isArray(result)) throw new Error(`cpu kernel ${kernelName} returned several tensors where one was expected`);
    return result;
  };
}

/** The kernel's parameters with the backend typed and attrs always present (tfjs omits them for attr-less kernels). */
export function kernelArgs(params: Parameters<tf.KernelFunc>[0]): KernelArgs {
  return { inputs: params.inputs, backend: params.backend as MathBackendCPU, attrs: params.attrs ?? {} };
}
