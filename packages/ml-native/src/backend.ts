// Registers the `native` tfjs backend: a MathBackendCPU whose heavy kernels are replaced by the OpenBLAS addon.
import * as tf from '@tensorflow/tfjs';
import { NativeBackend } from './native_backend.js';
import { createConv2DBackpropFilterKernel, createConv2DBackpropInputKernel, createConv2DKernel, createFusedConv2DKernel } from './kernels/conv2d.js';
import { createBinaryKernel, createUnaryKernel, type BinaryKernelName, type UnaryKernelName } from './kernels/elementwise.js';
import { createFusedBatchNormKernel, createSoftmaxKernel, createTileKernel, createTransposeKernel } from './kernels/layout.js';
import { createBatchMatMulKernel, createFusedMatMulKernel } from './kernels/mat_mul.js';
import { createUnsortedSegmentSumKernel } from './kernels/segment_sum.js';
import { createGatherV2Kernel } from './kernels/gather.js';
import { createPadV2Kernel } from './kernels/pad.js';
import { createMaxPoolGradKernel, createMaxPoolKernel } from './kernels/max_pool.js';
import { createReduceKernel, type ReduceKernelName } from './kernels/reduce.js';
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS, nativeAvailable, type NativeOptions } from './addon.js';
import { poolCapacityBytes } from './buffer_pool.js';

export const NATIVE_BACKEND_NAME = 'native';

/** Kernels the addon implements; every other kernel is tfjs's cpu kernel, registered under `native` unchanged. */
const nativeKernels: Readonly<Record<string, () => tf.KernelFunc>> = {
  [tf.BatchMatMul]: createBatchMatMulKernel,
  [tf._FusedMatMul]: createFusedMatMulKernel,
  [tf.Conv2D]: createConv2DKernel,
  [tf.FusedConv2D]: createFusedConv2DKernel,
  [tf.Conv2DBackpropInput]: createConv2DBackpropInputKernel,
  [tf.Conv2DBackpropFilter]: createConv2DBackpropFilterKernel,
  [tf.MaxPool]: createMaxPoolKernel,
  [tf.MaxPoolGrad]: createMaxPoolGradKernel,
  [tf.Transpose]: createTransposeKernel,
  [tf.Tile]: createTileKernel,
  [tf.Softmax]: createSoftmaxKernel,
  [tf.FusedBatchNorm]: createFusedBatchNormKernel,
  [tf.UnsortedSegmentSum]: createUnsortedSegmentSumKernel,
  [tf.GatherV2]: createGatherV2Kernel,
  [tf.PadV2]: createPadV2Kernel,
  ...Object.fromEntries(Object.keys(UNARY_OPS).map((name) => [name, () => createUnaryKernel(name as UnaryKernelName)])),
  ...Object.fromEntries(Object.keys(BINARY_OPS).map((name) => [name, () => createBinaryKernel(name as BinaryKernelName)])),
  ...Object.fromEntries(Object.keys(REDUCE_OPS).map((name) => [name, () => createReduceKernel(name as ReduceKernelName)])),
};

/** Names of the kernels that run in the addon, for reports and tests. */
export const NATIVE_KERNEL_NAMES: readonly string[] = Object.keys(nativeKernels);

/**
 * Registers the `native` backend (once; later calls only report) and returns whether it is usable. It does not make
 * it the active backend: call `tf.setBackend('native')`. Priority 0 keeps tfjs from picking it on its own.
 * `options` apply to the first registration (and to the addon's load, if this is the first use of it); a bad value
 * throws. (The cheaper Tile and Mean gradients it relies on are backend-independent: @distillery/ml installs them.)
 */
export function registerNativeBackend(options: NativeOptions = {}): boolean {
  const poolBytes = poolCapacityBytes(options.poolMb);
  if (!nativeAvailable(options).ok) return false;
  if (tf.findBackendFactory(NATIVE_BACKEND_NAME) != null) return true;
  const cpuKernels = tf.getKernelsForBackend('cpu');
  if (cpuKernels.length === 0) throw new Error('tfjs has no cpu kernels registered: is @tensorflow/tfjs-backend-cpu loaded?');
  for (const config of cpuKernels) {
    const create = nativeKernels[config.kernelName];
    tf.registerKernel({ ...config, backendName: NATIVE_BACKEND_NAME, kernelFunc: create ? create() : config.kernelFunc });
  }
  tf.registerBackend(NATIVE_BACKEND_NAME, () => new NativeBackend(poolBytes), 0);
  return true;
}
