// @distillery/ml-native: the `native` TensorFlow.js backend (cpu kernels + OpenBLAS matmul/conv) and a fused Adam step.
export { nativeAvailable, openblasCoreTypeFor, type NativeStatus } from './addon.js';
export { NATIVE_BACKEND_NAME, NATIVE_KERNEL_NAMES, registerNativeBackend } from './backend.js';
export { nativeAdamStep, type NativeAdamSettings } from './adam.js';
