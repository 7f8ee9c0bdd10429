// The API's configuration, validated once at start; the only reader of process.env in this app.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './logger.js';

const Port = z.coerce.number().int().min(1).max(65535);

export const ApiEnv = z.object({
  /** Relative paths resolve against the working directory; unset means `.data` at the repository root. */
  DISTILLERY_DATA_DIR: z.string().min(1).optional(),
  API_PORT: Port.default(4000),
  HOST: z.string().min(1).default('localhost'),
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TASK_QUEUE_PREFIX: z.string().min(1).max(100).default('distillery'),
  /** Seeds the first admin token with this secret instead of a random one (tests and e2e use it). */
  DISTILLERY_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Comma-separated origins allowed by CORS. */
  CONSOLE_ORIGIN: z.string().default('http://localhost:3000'),
  /** The least severe log level written; `debug` adds one line per HTTP request. */
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export interface ApiConfig {
  dataDir: string;
  port: number;
  host: string;
  temporalAddress: string;
  temporalNamespace: string;
  taskQueuePrefix: string;
  adminTokenSeed: string | undefined;
  consoleOrigins: string[];
  logLevel: LogLevel;
}

/** Parses the environment; throws an Error naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ApiConfig {
  // Empty strings count as unset, so `API_PORT= npm start` means the default.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ApiEnv.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  return {
    dataDir: env.DISTILLERY_DATA_DIR
      ? path.resolve(cwd, env.DISTILLERY_DATA_DIR)
      : path.join(repoRootOf(cwd), '.data'),
    port: env.API_PORT,
    host: env.HOST,
    temporalAddress: env.TEMPORAL_ADDRESS,
    temporalNamespace: env.TEMPORAL_NAMESPACE,
    taskQueuePrefix: env.TASK_QUEUE_PREFIX,
    adminTokenSeed: env.DISTILLERY_ADMIN_TOKEN,
    consoleOrigins: env.CONSOLE_ORIGIN.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    logLevel: env.LOG_LEVEL,
  };
}

/**
 * The nearest folder at or above `cwd` whose package.json declares workspaces, else `cwd`: the API started from
 * apps/api (npm start -w) and the worker started from the root then share one data dir.
 */
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
