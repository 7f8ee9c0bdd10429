// How `distillery estimate` prints a pre-run estimate: the figure first, then what it rests on.
import type { CostEstimate } from '@distillery/schemas';
import { formatDuration, formatUsd } from './format.js';

/** FLOPs in engineering units: 8.7e8 → "870 MFLOP". */
export function formatFlops(flops: number): string {
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

export function formatEstimate(estimate: CostEstimate): string {
  const computeSeconds = Math.max(0, estimate.seconds - estimate.overheadSeconds);
  return [
    `estimate: ${formatDuration(estimate.seconds)} of ${estimate.device} time, ${formatUsd(estimate.costUsd)}`,
    `  price     $${estimate.pricePerHourUsd.toFixed(4)}/h (${estimate.priceSource})`,
    `  compute   ${formatFlops(estimate.flops)} at ${estimate.measuredGflops.toFixed(1)} GFLOP/s measured on ${estimate.backend} (${estimate.hardware}) = ${computeSeconds.toFixed(1)}s`,
    `  start-up  ${estimate.overheadSeconds.toFixed(1)}s over ${estimate.computeSteps} compute steps`,
  ].join('\n');
}
