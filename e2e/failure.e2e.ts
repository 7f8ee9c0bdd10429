// A job that fails shows why in plain words; retrying it creates a new job linked to the failed one.
import { expect, jobIdFromUrl, openBenchmarkForm, test, uniqueName } from './fixtures';

test('a job on a data set that does not exist fails with its reason, and retry links a new job', async ({ signedIn: page }) => {
  await openBenchmarkForm(page, uniqueName('e2e missing data'));
  await page.getByRole('group', { name: 'Evaluation data' }).getByLabel('Data set').fill('no-such-dataset');
  await page.getByRole('button', { name: 'Submit job' }).click();
  await expect(page).toHaveURL(/\/jobs\/job_[a-z0-9]+$/);
  const failedId = jobIdFromUrl(page.url());

  const reason = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Why this job failed' }) });
  await expect(reason).toBeVisible({ timeout: 2 * 60_000 });
  await expect(reason).toContainText('no-such-dataset');
  // Plain words: no stack trace and no Temporal wrapper names.
  await expect(reason).not.toContainText(/\bat .*\.ts:\d+|ApplicationFailure|ActivityFailure/);

  await page.getByRole('button', { name: 'Retry job' }).click();
  await expect(page).not.toHaveURL(new RegExp(`${failedId}$`));
  await expect(page).toHaveURL(/\/jobs\/job_[a-z0-9]+$/);
  await expect(page.getByRole('link', { name: failedId })).toBeVisible();
});
