// Cost formulas against hand arithmetic, and price overrides.
import { DEFAULT_PRICE_TABLE } from '@distillery/schemas';
import { describe, expect, it } from 'vitest';
import { inferenceCostPerMillionUsd, resolvePriceTable, trainingCostUsd } from './prices.js';

describe('price table and costs', () => {
  it('training cost is device-seconds × price per hour / 3600', () => {
    expect(trainingCostUsd(3600, 'cpu')).toBeCloseTo(DEFAULT_PRICE_TABLE.cpu.pricePerHourUsd, 12);
    expect(trainingCostUsd(90, 'gpu')).toBeCloseTo((90 * 63.296) / 8 / 3600, 12);
    expect(() => trainingCostUsd(-1, 'cpu')).toThrow(/deviceSeconds/);
  });

  it('inference cost per million is price ÷ throughput', () => {
    const table = resolvePriceTable({ cpu: { pricePerHourUsd: 3.6, source: 'test sheet' } });
    // 1e6 samples at 1000/s = 1000 s = 1/3.6 h → 1 USD
    expect(inferenceCostPerMillionUsd(1000, 'cpu', table)).toBeCloseTo(1, 12);
    expect(() => inferenceCostPerMillionUsd(0, 'cpu')).toThrow(/throughputPerSec/);
  });

  it('an override without a source is labelled as a user override; a bad price names the field', () => {
    const table = resolvePriceTable({ gpu: { pricePerHourUsd: 2 } });
    expect(table.gpu.pricePerHourUsd).toBe(2);
    expect(table.gpu.source).toBe('user override');
    expect(table.cpu).toEqual(DEFAULT_PRICE_TABLE.cpu);
    expect(() => resolvePriceTable({ cpu: { pricePerHourUsd: -3 } })).toThrow(/priceTable\.cpu\.pricePerHourUsd/);
  });
});
