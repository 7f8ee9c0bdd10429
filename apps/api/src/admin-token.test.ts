// First-run admin token: created once, saved 0600 for the CLI, seeded from DISTILLERY_ADMIN_TOKEN when set.
import { createSqliteStore } from '@distillery/store';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureAdminToken } from './admin-token.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'distillery-admin-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('ensureAdminToken', () => {
  it('creates one random admin token on first run, writes it 0600, and creates none on later runs', async () => {
    const store = createSqliteStore({ dataDir });
    const first = await ensureAdminToken(store, dataDir);
    expect(first.createdSecret).toMatch(/^dst_[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(first.file, 'utf8').trim()).toBe(first.createdSecret);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect((await store.verifyToken(first.createdSecret!))?.name).toBe('admin');

    const second = await ensureAdminToken(store, dataDir);
    expect(second.createdSecret).toBeNull();
    expect(await store.listTokens()).toHaveLength(1);
    await store.close();
  });

  it('uses the seed as the first secret, and adds a seed the store does not know yet', async () => {
    const store = createSqliteStore({ dataDir });
    const first = await ensureAdminToken(store, dataDir, 'seeded-admin-secret-1');
    expect(first.createdSecret).toBe('seeded-admin-secret-1');
    await ensureAdminToken(store, dataDir, 'seeded-admin-secret-2');
    expect(await store.verifyToken('seeded-admin-secret-2')).not.toBeNull();
    expect(await store.listTokens()).toHaveLength(2);
    await store.close();
  });
});
