// API tokens: one created in Settings works against the API; once revoked it no longer does.
import { createDistilleryClient } from '@distillery/client';
import { expect, test, uniqueName } from './fixtures';
import { API_URL } from './stack';

test('a token created in Settings works until it is revoked', async ({ signedIn: page }) => {
  const name = uniqueName('e2e token');
  await page.goto('/settings');
  await page.getByLabel('New token name').fill(name);
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByLabel('New token secret').innerText()).trim();
  expect(secret.length).toBeGreaterThanOrEqual(16);

  const withNewToken = createDistilleryClient({ url: API_URL, token: secret });
  expect((await withNewToken.tokens.list.query()).some((t) => t.name === name)).toBe(true);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: `Revoke ${name}` }).click();
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('revoked');
  await expect(withNewToken.tokens.list.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
});

test('an empty token name is refused beside the field', async ({ signedIn: page }) => {
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByLabel('New token name')).toHaveAccessibleDescription(/name/);
});
