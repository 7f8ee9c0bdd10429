// A spec with a bad field: the error appears beside that field and no job is created.
import { expect, openBenchmarkForm, test, uniqueName } from './fixtures';

test('an epochs value of 0 is shown as an error beside Epochs and creates no job', async ({ signedIn: page, api }) => {
  const before = (await api.jobs.list.query({ limit: 200 })).items.length;
  await openBenchmarkForm(page, uniqueName('e2e bad spec'));
  const epochs = page.getByRole('group', { name: 'Model 1' }).getByRole('group', { name: 'Training', exact: true }).getByLabel('Epochs');
  await epochs.fill('0');
  await page.getByRole('button', { name: 'Submit job' }).click();

  await expect(epochs).toHaveAttribute('aria-invalid', 'true');
  await expect(epochs).toHaveAccessibleDescription(/>=\s*1/);
  await expect(page.getByRole('alert').filter({ hasText: 'models.0.train.epochs' })).toBeVisible();
  await expect(page).toHaveURL(/\/jobs\/new$/);
  // Other fields carry no error.
  await expect(page.getByRole('group', { name: 'Evaluation data' }).getByLabel('Data set')).not.toHaveAttribute('aria-invalid', 'true');

  const after = (await api.jobs.list.query({ limit: 200 })).items.length;
  expect(after).toBe(before);
});
