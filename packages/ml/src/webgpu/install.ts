// Puts a WebgpuKernelSettings into effect on the loaded webgpu backend; the backend loader calls it with the tuned set.
import { registerWebgpuAdamKernel } from './adam_kernel.js';
import { registerWebgpuSegmentSumFix } from './segment_sum_kernel.js';
import { setMatMulOverride } from './matmul_kernels.js';
import { setWebgpuFusedAdam, type WebgpuKernelSettings } from './settings.js';

let active: WebgpuKernelSettings | null = null;

/** Makes `settings` the kernels every later webgpu matmul and TrainingOptimizer step uses. Needs webgpu loaded. */
export function installWebgpuKernels(settings: WebgpuKernelSettings): void {
  // A correctness fix, not a tuning choice: installed with every setting.
  registerWebgpuSegmentSumFix();
  setMatMulOverride(settings.matmul);
  if (settings.fusedAdam) registerWebgpuAdamKernel();
  setWebgpuFusedAdam(settings.fusedAdam);
  active = settings;
}

/** The settings last installed; null before the webgpu backend has loaded. */
export function installedWebgpuKernels(): WebgpuKernelSettings | null {
  return active;
}
