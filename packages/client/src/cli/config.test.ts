// Where the CLI gets its API URL and token from, in order.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConnection } from './config.js';

const cwd = mkdtempSync(path.join(tmpdir(), 'distillery-cli-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('resolveConnection', () => {
  it('prefers flags, then environment, then the local admin-token file', () => {
    mkdirSync(path.join(cwd, '.data'));
    writeFileSync(path.join(cwd, '.data', 'admin-token'), 'dst_from-file\n');
    expect(resolveConnection({}, {}, cwd)).toEqual({
      url: 'http://localhost:4000',
      token: 'dst_from-file',
      tokenSource: path.join(cwd, '.data', 'admin-token'),
    });
    expect(
      resolveConnection({}, { DISTILLERY_TOKEN: 'dst_env', DISTILLERY_API_URL: 'http://api:1' }, cwd),
    ).toMatchObject({
      url: 'http://api:1',
      token: 'dst_env',
    });
    expect(
      resolveConnection({ token: 'dst_flag', url: 'http://x' }, { DISTILLERY_TOKEN: 'dst_env' }, cwd),
    ).toMatchObject({
      url: 'http://x',
      token: 'dst_flag',
    });
  });

  it('reads the token file under DISTILLERY_DATA_DIR, and has none when it is absent', () => {
    mkdirSync(path.join(cwd, 'other'));
    writeFileSync(path.join(cwd, 'other', 'admin-token'), 'dst_other\n');
    expect(resolveConnection({}, { DISTILLERY_DATA_DIR: 'other' }, cwd).token).toBe('dst_other');
    expect(resolveConnection({}, { DISTILLERY_DATA_DIR: 'nowhere' }, cwd)).toMatchObject({
      token: null,
      tokenSource: 'none',
    });
  });
});
