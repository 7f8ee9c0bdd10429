// Money from device time: the price table (defaults cite their sources) and the two cost formulas.
import { DEFAULT_PRICE_TABLE, PriceTable, type Device, type PriceEntry } from '@distillery/schemas';

export type PriceOverrides = { [D in Device]?: Partial<PriceEntry> };

/**
 * The default table with `overrides` merged per device, validated: an override must still cite a source,
 * so one that changes the price without saying where it comes from is labelled as a user override.
 */
export function resolvePriceTable(overrides: PriceOverrides = {}, base: PriceTable = DEFAULT_PRICE_TABLE): PriceTable {
  const merged = { ...base };
  for (const device of ['cpu', 'gpu'] as const) {
    const o = overrides[device];
    if (o === undefined) continue;
    const priceChanged = o.pricePerHourUsd !== undefined && o.pricePerHourUsd !== base[device].pricePerHourUsd;
    merged[device] = {
      ...base[device],
      ...(priceChanged ? { source: 'user override', description: `${base[device].description} (price overridden)` } : {}),
      ...o,
    };
  }
  const parsed = PriceTable.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`priceTable.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function pricePerHour(device: Device, table: PriceTable): number {
  const entry = (table as Partial<Record<string, PriceEntry>>)[device];
  if (entry === undefined) throw new Error(`device: no price for "${String(device)}" in the price table`);
  return entry.pricePerHourUsd;
}

/** USD for `deviceSeconds` of `device` time: seconds × price per hour / 3600. */
export function trainingCostUsd(deviceSeconds: number, device: Device, table: PriceTable = DEFAULT_PRICE_TABLE): number {
  if (!(deviceSeconds >= 0) || !Number.isFinite(deviceSeconds)) throw new Error('deviceSeconds: must be a finite number ≥ 0');
  return (deviceSeconds * pricePerHour(device, table)) / 3600;
}

/** USD to serve one million samples (or tokens) at `throughputPerSec` on one `device`: price ÷ throughput. */
export function inferenceCostPerMillionUsd(
  throughputPerSec: number,
  device: Device,
  table: PriceTable = DEFAULT_PRICE_TABLE,
): number {
  if (!(throughputPerSec > 0) || !Number.isFinite(throughputPerSec)) {
    throw new Error('throughputPerSec: must be a finite number > 0');
  }
  const secondsPerMillion = 1e6 / throughputPerSec;
  return (secondsPerMillion * pricePerHour(device, table)) / 3600;
}
