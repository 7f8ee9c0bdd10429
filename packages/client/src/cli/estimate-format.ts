// How `distillery estimate` prints a pre-run estimate: the figure first, then what it rests on.
import { formatFlops, formatGflopsRate, formatUsd, formatUsdPerHour } from '@distillery/report';
import type { CostEstimate } from '@distillery/schemas';
import { formatDuration } from './format.js';

export function formatEstimate(estimate: CostEstimate): string {
  const computeSeconds = Math.max(0, estimate.seconds - estimate.overheadSeconds);
  return [
    `estimate: ${formatDuration(estimate.seconds)} of ${estimate.device} time, ${formatUsd(estimate.costUsd)}`,
    `  price     ${formatUsdPerHour(estimate.pricePerHourUsd)} (${estimate.priceSource})`,
    `  compute   ${formatFlops(estimate.flops)} at ${formatGflopsRate(estimate.measuredGflops)} measured on ${estimate.backend} (${estimate.hardware}) = ${formatDuration(computeSeconds)}`,
    `  start-up  ${formatDuration(estimate.overheadSeconds)} over ${estimate.computeSteps} compute steps`,
  ].join('\n');
}
