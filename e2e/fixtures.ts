// Test fixtures: a page already signed in with the admin token, and the typed API client for set-up and checks.
import { test as base, expect, type Page } from '@playwright/test';
import { createDistilleryClient } from '@distillery/client';
import { ADMIN_TOKEN, API_URL } from './stack';

/** Where the console keeps the token; the sign-in suite fills it through the UI instead. */
export const TOKEN_STORAGE_KEY = 'distillery.apiToken';

export type DistilleryClient = ReturnType<typeof createDistilleryClient>;

export const test = base.extend<{ signedIn: Page; api: DistilleryClient }>({
  signedIn: async ({ page }, use) => {
    await page.addInitScript(
      ([key, token]) => {
        if (!window.localStorage.getItem(key)) window.localStorage.setItem(key, token);
      },
      [TOKEN_STORAGE_KEY, ADMIN_TOKEN] as const,
    );
    await use(page);
  },
  // eslint-disable-next-line no-empty-pattern
  api: async ({}, use) => {
    await use(createDistilleryClient({ url: API_URL, token: ADMIN_TOKEN }));
  },
});

export { expect };

/** A name no other test or run uses, so a row can be found by it. */
export const uniqueName = (what: string): string => `${what} ${Date.now().toString(36)}`;

/** Job id from a job detail URL. */
export function jobIdFromUrl(url: string): string {
  const match = /\/jobs\/(job_[a-z0-9]+)/.exec(url);
  if (!match?.[1]) throw new Error(`not a job page: ${url}`);
  return match[1];
}

/** Opens the form for a benchmark (the console's small default) and names it. */
export async function openBenchmarkForm(page: Page, name: string): Promise<void> {
  await page.goto('/jobs/new');
  await page.getByRole('button', { name: 'Benchmark', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
}
