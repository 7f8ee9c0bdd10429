// Shared primitives: ids, names, timestamps and bounded numbers used by every schema.
import { z } from 'zod';

/** A job id doubles as the Temporal workflow id. */
export const JobId = z
  .string()
  .regex(/^job_[a-z0-9]{8,64}$/, 'must look like job_ followed by 8-64 lowercase letters or digits');
export type JobId = z.infer<typeof JobId>;

/** Models, adapters and other artifacts are content-addressed: the id is a sha256 prefix. */
export const ArtifactId = z.string().regex(/^art_[a-f0-9]{16,64}$/, 'must look like art_ followed by a hex hash');
export type ArtifactId = z.infer<typeof ArtifactId>;

export const ScorecardId = z.string().regex(/^sc_[a-f0-9]{16,64}$/, 'must look like sc_ followed by a hex hash');
export type ScorecardId = z.infer<typeof ScorecardId>;

export const IsoTime = z.string().datetime({ offset: true });

export const Name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(120, 'must be at most 120 characters');

export const Seed = z.number().int().min(0).max(2 ** 31 - 1);

export const Device = z.enum(['cpu', 'gpu']);
export type Device = z.infer<typeof Device>;

/** `native` is tfjs's cpu backend with the heavy kernels (matmul, conv, Adam) replaced by an N-API addon over BLAS. */
export const Backend = z.enum(['tensorflow', 'webgpu', 'native', 'wasm', 'cpu']);
export type Backend = z.infer<typeof Backend>;

/** `DISTILLERY_WEBGPU_KERNELS`: Distillery's tuned webgpu kernels (the default) or tfjs-backend-webgpu's own. */
export const WebgpuKernels = z.enum(['tuned', 'stock']);
export type WebgpuKernels = z.infer<typeof WebgpuKernels>;

export const Sha256 = z.string().regex(/^[a-f0-9]{64}$/);
