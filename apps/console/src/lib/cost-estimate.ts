// Plain-language text for the pre-run cost estimate on the New job page: time and money first, then what they rest on.
import { formatDuration, formatFlops, formatGflopsRate, formatUsd, formatUsdPerHour } from '@distillery/report';
import type { CostEstimate } from '@distillery/schemas';
import { formatFieldErrors } from '@distillery/schemas';
import { fieldErrorsFromApi, errorMessage } from './field-errors';

export interface EstimateText {
  /** "≈ 3 min 12 s of CPU time · $0.0054" */
  headline: string;
  /** "CPU at $0.1008/h" */
  price: string;
  /** "native on Intel Xeon × 2, measured 19.1 GFLOP/s" */
  backend: string;
  /** "870 MFLOP of compute (45 s) + 4 s start-up over 5 steps" */
  basis: string;
}

export function describeEstimate(estimate: CostEstimate): EstimateText {
  const device = estimate.device.toUpperCase();
  const computeSeconds = Math.max(0, estimate.seconds - estimate.overheadSeconds);
  return {
    headline: `≈ ${formatDuration(estimate.seconds)} of ${device} time · ${formatUsd(estimate.costUsd)}`,
    price: `${device} at ${formatUsdPerHour(estimate.pricePerHourUsd)}`,
    backend: `${estimate.backend} on ${estimate.hardware}, measured ${formatGflopsRate(estimate.measuredGflops)}`,
    basis: `${formatFlops(estimate.flops)} of compute (${formatDuration(computeSeconds)}) + ${formatDuration(estimate.overheadSeconds)} start-up over ${estimate.computeSteps} steps`,
  };
}

/** Why there is no estimate, from the error `jobs.estimate` threw: field problems by path, else the API's message. */
export function estimateFailureText(error: unknown): string {
  const fields = fieldErrorsFromApi(error);
  if (fields) return formatFieldErrors(fields).join('; ');
  return errorMessage(error);
}
