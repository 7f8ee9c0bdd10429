// Signing in with a pasted API token, and what happens with a wrong one.
import { expect, test } from '@playwright/test';
import { ADMIN_TOKEN } from './stack';

test('a signed-out visitor is sent to sign in, a wrong token is refused, the admin token lets them in', async ({ page }) => {
  await page.goto('/jobs');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fjobs/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  const tokenInput = page.getByLabel('API token');
  await tokenInput.fill('not-a-real-token-000000000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(tokenInput).toHaveAccessibleDescription(/not valid/);
  await expect(page).toHaveURL(/\/sign-in/);

  await tokenInput.fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/jobs$/);
  await expect(page.getByRole('heading', { name: 'Jobs' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  // The token survives a reload; signing out forgets it.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Jobs' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
});
