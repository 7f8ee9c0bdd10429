// Presets come from @distillery/schemas PRESETS: ready-made specs that `submit --preset NAME` validates and sends.
import { JobSpec, PRESETS, type Preset } from '@distillery/schemas';

export function listPresets(): readonly Preset[] {
  return PRESETS;
}

export class UnknownPresetError extends Error {
  override readonly name = 'UnknownPresetError';
  constructor(name: string) {
    const known = PRESETS.map((p) => p.name).join(', ') || 'none yet';
    super(`unknown preset "${name}" (known: ${known})`);
  }
}

export function presetSpec(name: string): JobSpec {
  const preset = PRESETS.find((p) => p.name === name);
  if (!preset) throw new UnknownPresetError(name);
  return JobSpec.parse(preset.spec);
}
