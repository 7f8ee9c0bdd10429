// @distillery/ml-native: the `native` TensorFlow.js backend (cpu kernels + OpenBLAS matmul/conv) and a fused Adam step.
export { nativeAvailable, openblasCoreTypeFor, type NativeOptions, type NativeStatus } from './addon.js';
export { poolCapacityBytes } from './buffer_pool.js';
export { NATIVE_BACKEND_NAME, NATIVE_KERNEL_NAMES, registerNativeBackend } from './backend.js';
export { nativeAdamStep, type NativeAdamSettings } from './adam.js';
