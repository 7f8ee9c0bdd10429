// The worker's price table: the schema defaults with the environment's per-device overrides, and a job's own override.
import { resolvePriceTable, type PriceOverrides } from '@distillery/ml';
import type { Device, PriceTable } from '@distillery/schemas';
import type { JobPlan } from '@distillery/workflows';
import type { WorkerEnv } from './env.js';

export function priceTableFromEnv(env: Pick<WorkerEnv, 'DISTILLERY_PRICE_CPU_USD_HOUR' | 'DISTILLERY_PRICE_GPU_USD_HOUR'>): PriceTable {
  const overrides: PriceOverrides = {};
  if (env.DISTILLERY_PRICE_CPU_USD_HOUR !== undefined) overrides.cpu = { pricePerHourUsd: env.DISTILLERY_PRICE_CPU_USD_HOUR };
  if (env.DISTILLERY_PRICE_GPU_USD_HOUR !== undefined) overrides.gpu = { pricePerHourUsd: env.DISTILLERY_PRICE_GPU_USD_HOUR };
  return resolvePriceTable(overrides);
}

/** A job may name its own device price (its plan carries it); the scorecard then cites it as the job's override. */
export function priceTableForJob(base: PriceTable, device: Device, plan: Pick<JobPlan, 'pricePerHourUsd'>): PriceTable {
  if (plan.pricePerHourUsd === undefined) return base;
  return resolvePriceTable({ [device]: { pricePerHourUsd: plan.pricePerHourUsd, source: 'job spec pricePerHourUsd' } }, base);
}
