// The worker's price table: the schema defaults with the environment's per-device overrides, and a job's own override.
import { resolvePriceTable, type PriceOverrides } from '@distillery/ml';
import type { Device, JobSpec, PriceTable } from '@distillery/schemas';
import type { WorkerEnv } from './env.js';

export function priceTableFromEnv(env: Pick<WorkerEnv, 'DISTILLERY_PRICE_CPU_USD_HOUR' | 'DISTILLERY_PRICE_GPU_USD_HOUR'>): PriceTable {
  const overrides: PriceOverrides = {};
  if (env.DISTILLERY_PRICE_CPU_USD_HOUR !== undefined) overrides.cpu = { pricePerHourUsd: env.DISTILLERY_PRICE_CPU_USD_HOUR };
  if (env.DISTILLERY_PRICE_GPU_USD_HOUR !== undefined) overrides.gpu = { pricePerHourUsd: env.DISTILLERY_PRICE_GPU_USD_HOUR };
  return resolvePriceTable(overrides);
}

/** A benchmark spec may name its own device price; the scorecard then cites it as the job's override. */
export function priceTableForJob(base: PriceTable, spec: JobSpec): PriceTable {
  if (spec.kind !== 'benchmark' || spec.pricePerHourUsd === undefined) return base;
  const device: Device = spec.device;
  return resolvePriceTable({ [device]: { pricePerHourUsd: spec.pricePerHourUsd, source: 'job spec pricePerHourUsd' } }, base);
}
