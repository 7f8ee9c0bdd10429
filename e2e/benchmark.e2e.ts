// The main path: submit a small benchmark from the form, watch it succeed, read its scorecard, publish it.
import { expect, jobIdFromUrl, openBenchmarkForm, test, uniqueName } from './fixtures';

test.describe.configure({ mode: 'serial' });

const jobName = uniqueName('e2e benchmark');
let jobId = '';
let scorecardPath = '';

test('a benchmark submitted from the form reaches succeeded on the jobs page', async ({ signedIn: page }) => {
  await openBenchmarkForm(page, jobName);
  // Keep it small: 3 epochs over 1000 training images for the recipe model, 300 images for evaluation.
  const model = page.getByRole('group', { name: 'Model 1' });
  await model.getByRole('group', { name: /Training data/ }).getByLabel('Training examples (max)').fill('1000');
  await model.getByRole('group', { name: 'Training', exact: true }).getByLabel('Epochs').fill('3');
  await page.getByRole('group', { name: 'Evaluation data' }).getByLabel('Evaluation examples (max)').fill('300');
  // A second, smaller candidate so the scorecard has something to compare.
  await page.getByRole('button', { name: 'Add a model' }).click();
  const second = page.getByRole('group', { name: 'Model 2' });
  await second.getByLabel('Hidden layer widths').fill('16');
  await second.getByRole('group', { name: 'Training', exact: true }).getByLabel('Epochs').fill('3');
  await page.getByRole('button', { name: 'Submit job' }).click();

  await expect(page).toHaveURL(/\/jobs\/job_[a-z0-9]+$/);
  jobId = jobIdFromUrl(page.url());
  await expect(page.getByRole('heading', { name: jobName })).toBeVisible();

  await page.getByRole('link', { name: 'Jobs', exact: true }).click();
  const row = page.getByRole('row').filter({ hasText: jobName });
  await expect(row).toBeVisible();
  await expect(row.getByText('benchmark', { exact: true })).toBeVisible();
  // The list refreshes itself: no reload between submit and the end. Wait for any end, then require success,
  // so a failed job fails the test at once with its status in the message.
  const status = row.getByRole('cell').nth(2);
  await expect(status).toHaveText(/succeeded|failed|cancelled/, { timeout: 3 * 60_000 });
  await expect(status).toHaveText('succeeded', { timeout: 1 });
  await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(row.getByRole('cell', { name: /^\$/ })).toBeVisible();
});

test('the finished job shows its loss curve and events; its scorecard charts and compares both candidates', async ({ signedIn: page }) => {
  test.skip(!jobId, 'needs the job from the previous test');
  await page.goto(`/jobs/${jobId}`);
  await expect(page.getByRole('progressbar', { name: 'Job progress' })).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByRole('list', { name: 'Event log' }).getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Training loss' }).locator('.recharts-line-curve').first()).toBeVisible();

  await page.getByRole('link', { name: 'Open the scorecard' }).click();
  await expect(page).toHaveURL(/\/scorecards\/sc_[a-f0-9]+$/);
  scorecardPath = new URL(page.url()).pathname;
  const chart = page.getByRole('figure', { name: /Pareto chart/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator('.recharts-scatter-symbol')).toHaveCount(2);

  // Two candidates side by side.
  const candidates = page.getByRole('table', { name: 'Candidates' });
  await expect(candidates.getByRole('row')).toHaveCount(3);
  for (const box of await candidates.getByRole('checkbox').all()) await box.check();
  const comparison = page.getByRole('table', { name: 'Comparison' });
  await expect(comparison.getByRole('columnheader')).toHaveCount(3);
  await expect(comparison.getByRole('row', { name: /Inference cost/ })).toContainText('$');

  // Both trained MLPs classify MNIST far better than chance (10%).
  for (const row of (await candidates.getByRole('row').all()).slice(1)) {
    const percent = Number((await row.getByRole('cell').nth(2).innerText()).replace('%', ''));
    expect(percent).toBeGreaterThan(50);
    expect(percent).toBeLessThanOrEqual(100);
  }
});

test('the trained model is in the registry, made by the job', async ({ signedIn: page }) => {
  test.skip(!jobId, 'needs the job from the first test');
  await page.goto('/models');
  const rows = page.getByRole('table', { name: 'Artifacts' }).getByRole('row').filter({ hasText: jobId });
  await expect(rows.first()).toBeVisible();
  await expect(rows.first().getByRole('button', { name: /^Download/ })).toBeVisible();
});

test('a published scorecard opens signed out at its public link', async ({ signedIn: page, browser }) => {
  test.skip(!scorecardPath, 'needs the scorecard from the previous test');
  await page.goto(scorecardPath);
  await page.getByRole('button', { name: 'Publish' }).click();
  const publicLink = page.getByRole('link', { name: 'public link' });
  await expect(publicLink).toBeVisible();
  const href = await publicLink.getAttribute('href');
  expect(href).toMatch(/^\/s\/sc_[a-f0-9]+$/);

  const stranger = await browser.newContext();
  try {
    const publicPage = await stranger.newPage();
    await publicPage.goto(href ?? '');
    await expect(publicPage).toHaveURL(new RegExp(`${href}$`));
    await expect(publicPage.getByRole('figure', { name: /Pareto chart/ }).locator('.recharts-scatter-symbol').first()).toBeVisible();
    await expect(publicPage.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
    await expect(publicPage.getByRole('button', { name: 'Publish' })).toHaveCount(0);
  } finally {
    await stranger.close();
  }
});
