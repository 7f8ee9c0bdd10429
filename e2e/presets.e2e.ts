// Presets are one click away on the New job page and fill the form of their kind.
import { PRESETS } from '@distillery/schemas';
import { expect, test } from './fixtures';

test('each preset fills the form of its kind with its spec', async ({ signedIn: page }) => {
  await page.goto('/jobs/new');
  const presets = page.getByRole('group', { name: 'Presets' });
  expect(PRESETS.length).toBeGreaterThan(0);
  for (const preset of PRESETS) {
    await presets.getByRole('button', { name: preset.title }).click();
    const kindLabel = { distill: 'Distill', lora: 'LoRA', quantize: 'Quantize', benchmark: 'Benchmark', pipeline: 'Pipeline' }[preset.spec.kind];
    await expect(page.getByRole('button', { name: kindLabel, exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(preset.spec.name ?? '');
  }
  // The last preset's data set shows in its data fields.
  const last = PRESETS[PRESETS.length - 1];
  const datasetName = last && 'dataset' in last.spec ? last.spec.dataset.name : last && 'calibration' in last.spec ? last.spec.calibration.name : undefined;
  if (datasetName) await expect(page.getByLabel('Data set').first()).toHaveValue(datasetName);
});
