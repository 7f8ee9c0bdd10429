// The worker's configuration: the only reader of process.env in apps/worker, validated once with zod.
import { z } from 'zod';
import { Backend, Device, WebgpuKernels } from '@distillery/schemas';
import { DEFAULT_TASK_QUEUE_PREFIX } from '@distillery/workflows';

const optionalPrice = z.coerce.number().min(0, 'must be a price of at least 0').max(10_000).optional();

export const WorkerEnv = z.object({
  DISTILLERY_DATA_DIR: z.string().min(1).default('.data'),
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TASK_QUEUE_PREFIX: z.string().min(1).default(DEFAULT_TASK_QUEUE_PREFIX),
  WORKER_DEVICE: Device.default('cpu'),
  DISTILLERY_BACKEND: Backend.optional(),
  /** Read by @distillery/ml's webgpu loader; checked here so a typo stops the worker at start, named. */
  DISTILLERY_WEBGPU_KERNELS: WebgpuKernels.optional(),
  DISTILLERY_WEBGPU_SOFTWARE: z.enum(['0', '1']).optional(),
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
