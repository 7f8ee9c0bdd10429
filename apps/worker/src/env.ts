// The worker's configuration: the only reader of process.env in apps/worker, validated once with zod.
import { z } from 'zod';
import type { BackendOptions } from '@distillery/ml';
import { Backend, Device, WebgpuKernels } from '@distillery/schemas';
import { DEFAULT_TASK_QUEUE_PREFIX } from '@distillery/workflows';

const optionalPrice = z.coerce.number().min(0, 'must be a price of at least 0').max(10_000).optional();

export const WorkerEnv = z.object({
  DISTILLERY_DATA_DIR: z.string().min(1).default('.data'),
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TASK_QUEUE_PREFIX: z.string().min(1).default(DEFAULT_TASK_QUEUE_PREFIX),
  WORKER_DEVICE: Device.default('cpu'),
  /** The settings below become the compute processes' `initBackend` options (backendOptionsFrom). */
  DISTILLERY_BACKEND: Backend.optional(),
  DISTILLERY_WEBGPU_KERNELS: WebgpuKernels.optional(),
  DISTILLERY_WEBGPU_SOFTWARE: z.enum(['0', '1']).optional(),
  DISTILLERY_NATIVE_THREADS: z.coerce.number().int('must be a whole number of threads').min(1, 'must be at least 1 thread').max(1024).optional(),
  DISTILLERY_NATIVE_POOL_MB: z.coerce.number().min(0, 'must be a number of megabytes >= 0').optional(),
  /** OpenBLAS's own variable: the native backend hands it on to OpenBLAS (default: chosen from the CPU's flags). */
  OPENBLAS_CORETYPE: z.string().regex(/^\w+$/, 'must be an OpenBLAS core name such as Haswell').optional(),
  DISTILLERY_PRICE_CPU_USD_HOUR: optionalPrice,
  DISTILLERY_PRICE_GPU_USD_HOUR: optionalPrice,
  /** Path of a prebuilt workflow bundle (tests build it once instead of once per worker start). */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
});
export type WorkerEnv = z.infer<typeof WorkerEnv>;

/** Parses the environment, naming every bad variable in the error. Empty strings count as unset. */
export function readWorkerEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = WorkerEnv.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid worker environment: ${problems}`);
  }
  return parsed.data;
}

/** The `initBackend` options every compute process of this worker loads tfjs with (sent to it over IPC). */
export function backendOptionsFrom(env: WorkerEnv): BackendOptions {
  const native = {
    ...(env.DISTILLERY_NATIVE_THREADS === undefined ? {} : { threads: env.DISTILLERY_NATIVE_THREADS }),
    ...(env.DISTILLERY_NATIVE_POOL_MB === undefined ? {} : { poolMb: env.DISTILLERY_NATIVE_POOL_MB }),
    ...(env.OPENBLAS_CORETYPE === undefined ? {} : { openblasCoreType: env.OPENBLAS_CORETYPE }),
  };
  return {
    ...(env.DISTILLERY_BACKEND === undefined ? {} : { force: env.DISTILLERY_BACKEND }),
    webgpu: {
      allowSoftware: env.DISTILLERY_WEBGPU_SOFTWARE === '1',
      ...(env.DISTILLERY_WEBGPU_KERNELS === undefined ? {} : { kernels: env.DISTILLERY_WEBGPU_KERNELS }),
    },
    native,
  };
}
