// The API's environment: defaults, overrides and errors that name the variable.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './env.js';

describe('loadConfig', () => {
  it('defaults the data dir to .data at the repository root, from any folder inside it', () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'distillery-env-'));
    writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ workspaces: ['apps/*'] }));
    mkdirSync(path.join(repo, 'apps', 'api'), { recursive: true });
    expect(loadConfig({}, path.join(repo, 'apps', 'api')).dataDir).toBe(path.join(repo, '.data'));
    expect(loadConfig({}, repo).dataDir).toBe(path.join(repo, '.data'));
    expect(loadConfig({ DISTILLERY_DATA_DIR: 'here' }, path.join(repo, 'apps')).dataDir).toBe(
      path.join(repo, 'apps', 'here'),
    );
    rmSync(repo, { recursive: true, force: true });
  });

  it('applies the documented defaults', () => {
    expect(loadConfig({}, '/')).toEqual({
      dataDir: '/.data',
      port: 4000,
      host: 'localhost',
      temporalAddress: 'localhost:7233',
      temporalNamespace: 'default',
      taskQueuePrefix: 'distillery',
      adminTokenSeed: undefined,
      consoleOrigins: ['http://localhost:3000'],
      logLevel: 'info',
    });
  });

  it('reads overrides and splits CONSOLE_ORIGIN on commas', () => {
    const config = loadConfig(
      {
        API_PORT: '4123',
        DISTILLERY_DATA_DIR: '/data',
        CONSOLE_ORIGIN: 'http://a:3000, http://b:3001',
        TEMPORAL_ADDRESS: 't:7233',
        LOG_LEVEL: 'debug',
      },
      '/repo',
    );
    expect(config).toMatchObject({
      port: 4123,
      dataDir: '/data',
      consoleOrigins: ['http://a:3000', 'http://b:3001'],
      temporalAddress: 't:7233',
      logLevel: 'debug',
    });
  });

  it('names each bad variable', () => {
    expect(() => loadConfig({ API_PORT: 'eighty', DISTILLERY_ADMIN_TOKEN: 'short' })).toThrow(
      /API_PORT[\s\S]*DISTILLERY_ADMIN_TOKEN: must be at least 16/,
    );
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
