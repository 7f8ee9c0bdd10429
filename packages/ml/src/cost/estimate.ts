// Pre-run training estimate from analytic FLOPs and the backend's measured rate.
import { DEFAULT_PRICE_TABLE, type Device, type PriceTable } from '@distillery/schemas';
import { TRAINING_FLOPS_MULTIPLIER } from '../models/flops.js';
import { trainingCostUsd } from './prices.js';

export interface TrainingEstimateInput {
  /** Forward-pass FLOPs for one sample (models' `flopsPerSample`). */
  flopsPerSample: number;
  samples: number;
  epochs: number;
  /** Sustained GFLOP/s of the backend, e.g. from measureBackendGflops. */
  measuredGflops: number;
  device: Device;
  table?: PriceTable;
}

export interface TrainingEstimate {
  totalFlops: number;
  seconds: number;
  costUsd: number;
  device: Device;
  pricePerHourUsd: number;
}

function positive(field: string, value: number, allowZero = false): void {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${field}: must be a finite number ${allowZero ? '≥' : '>'} 0`);
  }
}

/**
 * seconds = 3 × flopsPerSample × samples × epochs / (measuredGflops × 1e9). A lower bound in practice:
 * it assumes the whole step runs at matmul speed (elementwise ops, data loading and the optimizer are not counted).
 */
export function estimateTrainingCost(input: TrainingEstimateInput): TrainingEstimate {
  positive('flopsPerSample', input.flopsPerSample);
  positive('samples', input.samples, true);
  positive('epochs', input.epochs, true);
  positive('measuredGflops', input.measuredGflops);
  const table = input.table ?? DEFAULT_PRICE_TABLE;
  const totalFlops = TRAINING_FLOPS_MULTIPLIER * input.flopsPerSample * input.samples * input.epochs;
  const seconds = totalFlops / (input.measuredGflops * 1e9);
  return {
    totalFlops,
    seconds,
    costUsd: trainingCostUsd(seconds, input.device, table),
    device: input.device,
    pricePerHourUsd: table[input.device].pricePerHourUsd,
  };
}
