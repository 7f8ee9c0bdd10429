// Cancelling a running job from its page.
import { expect, test, uniqueName } from './fixtures';

test('a running job cancelled from its page ends cancelled', async ({ signedIn: page, api }) => {
  const name = uniqueName('e2e cancel');
  // Long enough (many epochs) that it is still running when the button is pressed.
  const job = await api.jobs.submit.mutate({
    spec: {
      kind: 'benchmark',
      name,
      models: [
        {
          type: 'recipe',
          arch: { family: 'mlp', hidden: [256, 256] },
          train: { epochs: 200, batchSize: 32 },
          dataset: { name: 'mnist', trainLimit: 5000, testLimit: 500 },
        },
      ],
      dataset: { name: 'mnist', trainLimit: 5000, testLimit: 500 },
    },
  });
  await page.goto(`/jobs/${job.id}`);
  const title = page.getByRole('heading', { level: 1 });
  await expect(title).toContainText(/running|failed|succeeded/, { timeout: 90_000 });
  await expect(title).toContainText('running', { timeout: 1 });
  await page.getByRole('button', { name: 'Cancel job' }).click();
  await expect(title).toContainText('cancelled', { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Cancel job' })).toHaveCount(0);

  // The jobs page agrees when filtered to cancelled jobs.
  await page.goto('/jobs?status=cancelled');
  await expect(page.getByRole('row').filter({ hasText: name }).getByText('cancelled', { exact: true })).toBeVisible();
  expect((await api.jobs.get.query({ id: job.id })).status).toBe('cancelled');
});
