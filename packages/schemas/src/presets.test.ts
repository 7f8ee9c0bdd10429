import { describe, expect, it } from 'vitest';
import { JobSpec } from './jobs.js';
import { PRESETS, findPreset } from './presets.js';

describe('presets', () => {
  it.each(PRESETS.map((p) => [p.name, p] as const))('%s is a valid job spec', (_name, preset) => {
    const parsed = JobSpec.safeParse(preset.spec);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('names are unique and findable', () => {
    const names = PRESETS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(findPreset('mnist-int8')?.spec.kind).toBe('quantize');
    expect(findPreset('nope')).toBeUndefined();
  });
});
