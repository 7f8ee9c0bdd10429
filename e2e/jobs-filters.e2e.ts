// Filtering the jobs list by status and kind, kept in the URL.
import { expect, test } from './fixtures';

test('the status and kind filters narrow the list and survive a reload', async ({ signedIn: page, api }) => {
  await page.goto('/jobs');
  await page.getByLabel('Status').selectOption('failed');
  await expect(page).toHaveURL(/status=failed/);
  await page.getByLabel('Kind').selectOption('benchmark');
  await expect(page).toHaveURL(/kind=benchmark/);
  await page.reload();
  await expect(page.getByLabel('Status')).toHaveValue('failed');

  const expected = (await api.jobs.list.query({ limit: 100, status: 'failed', kind: 'benchmark' })).items.length;
  const rows = page.getByRole('table', { name: 'Jobs' }).getByRole('row');
  if (expected === 0) {
    await expect(page.getByText('No jobs match these filters.')).toBeVisible();
  } else {
    await expect(rows).toHaveCount(expected + 1);
    for (const status of await rows.locator('.status').allInnerTexts()) expect(status).toBe('failed');
  }
});
