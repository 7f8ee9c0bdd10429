// Plain-language text for the pre-run cost estimate on the New job page: time and money first, then what they rest on.
import type { CostEstimate } from '@distillery/schemas';
import { formatFieldErrors } from '@distillery/schemas';
import { fieldErrorsFromApi, errorMessage } from './field-errors';
import { formatDuration, formatUsd } from './format';

export interface EstimateText {
  /** "≈ 3 min 12 s of CPU time · $0.0054" */
  headline: string;
  /** "CPU at $0.1008/h" */
  price: string;
  /** "native on Intel Xeon × 2, measured 19.1 GFLOP/s" */
  backend: string;
  /** "870 MFLOP of compute (45 s) + 3.5 s start-up over 5 steps" */
  basis: string;
}

/** FLOPs in engineering units: 8.7e8 → "870 MFLOP". */
export function formatFlops(flops: number): string {
  if (!Number.isFinite(flops) || flops < 0) return '—';
  const units: [number, string][] = [
    [1e15, 'PFLOP'],
    [1e12, 'TFLOP'],
    [1e9, 'GFLOP'],
    [1e6, 'MFLOP'],
    [1e3, 'kFLOP'],
  ];
  for (const [scale, unit] of units) if (flops >= scale) return `${(flops / scale).toPrecision(3)} ${unit}`;
  return `${Math.round(flops)} FLOP`;
}

/** Under a second still reads as time, not "0 s": an estimate of nothing would look like a bug. */
function roughDuration(seconds: number): string {
  return seconds > 0 && seconds < 1 ? `${seconds.toFixed(1)} s` : formatDuration(seconds);
}

export function describeEstimate(estimate: CostEstimate): EstimateText {
  const device = estimate.device.toUpperCase();
  const computeSeconds = Math.max(0, estimate.seconds - estimate.overheadSeconds);
  return {
    headline: `≈ ${roughDuration(estimate.seconds)} of ${device} time · ${formatUsd(estimate.costUsd)}`,
    price: `${device} at $${estimate.pricePerHourUsd.toFixed(4)}/h`,
    backend: `${estimate.backend} on ${estimate.hardware}, measured ${estimate.measuredGflops.toFixed(1)} GFLOP/s`,
    basis: `${formatFlops(estimate.flops)} of compute (${roughDuration(computeSeconds)}) + ${roughDuration(estimate.overheadSeconds)} start-up over ${estimate.computeSteps} steps`,
  };
}

/** Why there is no estimate, from the error `jobs.estimate` threw: field problems by path, else the API's message. */
export function estimateFailureText(error: unknown): string {
  const fields = fieldErrorsFromApi(error);
  if (fields) return formatFieldErrors(fields).join('; ');
  return errorMessage(error);
}
