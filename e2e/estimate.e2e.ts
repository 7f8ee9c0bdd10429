// The New job page shows a worker's pre-run estimate of the form's spec before anything is submitted.
import { expect, openBenchmarkForm, test, uniqueName } from './fixtures';

test('a valid spec shows its estimated time, cost, device and backend; an invalid one shows none; nothing is created', async ({
  signedIn: page,
  api,
}) => {
  const before = (await api.jobs.list.query({ limit: 200 })).items.length;
  await page.goto('/jobs/new');
  await page.getByRole('group', { name: 'Presets' }).getByRole('button', { name: 'MNIST distillation (Hinton 2015, shortened)' }).click();

  const panel = page.getByRole('region', { name: 'Cost estimate' });
  const headline = panel.getByTestId('estimate-headline');
  await expect(headline).toHaveText(/^≈ .+ of CPU time · \$\d/, { timeout: 30_000 });
  const usd = Number(/\$([\d.]+)/.exec((await headline.textContent()) ?? '')?.[1]);
  expect(usd).toBeGreaterThan(0);
  await expect(panel).toContainText('CPU at $0.1008/h');
  await expect(panel).toContainText(/(tensorflow|webgpu|native|wasm|cpu) on .+, measured [\d.]+ GFLOP\/s/);

  // A spec that does not validate is not estimated.
  await openBenchmarkForm(page, uniqueName('e2e estimate'));
  await page.getByRole('group', { name: 'Model 1' }).getByRole('group', { name: 'Training', exact: true }).getByLabel('Epochs').fill('0');
  await expect(panel).toContainText('Shown once the spec is valid.');
  await expect(headline).toHaveCount(0);

  expect((await api.jobs.list.query({ limit: 200 })).items.length).toBe(before);
});
