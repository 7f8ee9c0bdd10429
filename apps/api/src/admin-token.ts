// First run: when no token exists, make the first admin token and leave it at <dataDir>/admin-token for the CLI.
import { ConflictError, type Store } from '@distillery/store';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

export interface AdminTokenResult {
  /** The secret when a token was created now (print it once); null when tokens already existed. */
  createdSecret: string | null;
  file: string;
}

/**
 * `seedSecret` (DISTILLERY_ADMIN_TOKEN) is used as the first token's secret; if tokens exist but the seed is
 * unknown to the store, it is added too, since the operator set it explicitly in the API's environment.
 */
export async function ensureAdminToken(
  store: Store,
  dataDir: string,
  seedSecret?: string,
): Promise<AdminTokenResult> {
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  const tokens = await store.listTokens();
  if (tokens.length > 0) {
    if (seedSecret && !(await store.verifyToken(seedSecret))) {
      // A revoked seed stays revoked (ConflictError: its hash is already stored).
      await store.createToken('admin (DISTILLERY_ADMIN_TOKEN)', seedSecret).catch((err: unknown) => {
        if (!(err instanceof ConflictError)) throw err;
      });
    }
    return { createdSecret: null, file };
  }
  const { secret } = await store.createToken('admin', seedSecret);
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return { createdSecret: secret, file };
}
