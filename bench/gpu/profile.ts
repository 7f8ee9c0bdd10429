// Per-kernel GPU time of one training step via tf.profile (timestamp queries), summed by kernel, to show where a step's time goes.
import * as tf from '@tensorflow/tfjs';

export interface KernelTotal {
  kernel: string;
  calls: number;
  gpuMs: number;
}

export interface StepProfile {
  kernelsLaunched: number;
  /** Sum of every kernel's GPU time: the step's lower bound if dispatch overhead were zero. */
  totalGpuMs: number;
  top: KernelTotal[];
}

/**
 * Profiles one call of `step`. Only valid where the backend has a GPU timer: without one, tf.profile falls back to
 * dataSync() per kernel, which webgpu under Node cannot do (no OffscreenCanvas).
 */
export async function profileStep(step: () => tf.Tensor, topN = 12): Promise<StepProfile> {
  const backend = tf.backend() as unknown as { supportTimestampQuery?: boolean };
  if (backend.supportTimestampQuery !== true) throw new Error('the device has no timestamp-query feature: no per-kernel GPU times');
  const previousCheck = tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS');
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false); // it would read every kernel's output back
  try {
    const info = await tf.profile(() => step());
    const totals = new Map<string, KernelTotal>();
    for (const k of info.kernels) {
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      const entry = totals.get(k.name) ?? { kernel: k.name, calls: 0, gpuMs: 0 };
      entry.calls += 1;
      entry.gpuMs += ms;
      totals.set(k.name, entry);
    }
    tf.dispose(info.result);
    const all = [...totals.values()].sort((a, b) => b.gpuMs - a.gpuMs);
    return {
      kernelsLaunched: info.kernels.length,
      totalGpuMs: all.reduce((s, k) => s + k.gpuMs, 0),
      top: all.slice(0, topN).map((k) => ({ ...k, gpuMs: Number(k.gpuMs.toFixed(3)) })),
    };
  } finally {
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', previousCheck);
  }
}
