// Distillery's WebGPU kernels (`@distillery/ml/webgpu`): separate from the package's main entry so that processes
// that never load webgpu never evaluate tfjs-backend-webgpu's modules.
export * from './settings.js';
export { setMatMulOverride, splitKFactor } from './matmul_kernels.js';
export { registerWebgpuAdamKernel, type WebgpuAdamAttrs } from './adam_kernel.js';
export { installWebgpuKernels, installedWebgpuKernels } from './install.js';
export { checkFusedAdam, FUSED_ADAM_TOLERANCE } from './checks.js';
