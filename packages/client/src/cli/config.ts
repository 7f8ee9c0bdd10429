// Where the CLI finds the API and its token: flags, then DISTILLERY_API_URL / DISTILLERY_TOKEN, then <data dir>/admin-token.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_API_URL = 'http://localhost:4000';

export interface Connection {
  url: string;
  token: string | null;
  /** Where the token came from, for error messages ("--token", "DISTILLERY_TOKEN", a file path, or "none"). */
  tokenSource: string;
}

export function resolveConnection(
  flags: { url?: string | undefined; token?: string | undefined },
  env: NodeJS.ProcessEnv,
  cwd: string,
): Connection {
  const url = flags.url ?? env.DISTILLERY_API_URL ?? DEFAULT_API_URL;
  if (flags.token) return { url, token: flags.token, tokenSource: '--token' };
  if (env.DISTILLERY_TOKEN) return { url, token: env.DISTILLERY_TOKEN, tokenSource: 'DISTILLERY_TOKEN' };
  const dataDir = env.DISTILLERY_DATA_DIR
    ? path.resolve(cwd, env.DISTILLERY_DATA_DIR)
    : path.join(repoRootOf(cwd), '.data');
  const file = path.join(dataDir, 'admin-token');
  try {
    const token = readFileSync(file, 'utf8').trim();
    if (token) return { url, token, tokenSource: file };
  } catch {
    // No local admin token: fine for public reads; the API answers UNAUTHORIZED otherwise.
  }
  return { url, token: null, tokenSource: 'none' };
}

/** The nearest folder at or above `cwd` whose package.json declares workspaces (where the API keeps .data), else cwd. */
export function repoRootOf(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        workspaces?: unknown;
      };
      if (pkg.workspaces) return dir;
    } catch {
      // no package.json here: keep walking up
    }
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}
