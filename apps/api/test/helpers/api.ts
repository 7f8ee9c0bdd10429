// A real API on a temp data dir, with typed clients over HTTP (as a user's tools see it) and an in-process caller.
import { createCaller, createContextInner, type AppRouter } from '@distillery/api';
import { TRPC_PATH } from '@distillery/schemas';
import { startApi, type RunningApi } from '../../src/app.js';
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import { EventSource } from 'eventsource';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ADMIN_SECRET = 'dst_test-admin-secret-0123456789';

export type Caller = ReturnType<typeof createCaller>;

export interface TestApi extends RunningApi {
  dataDir: string;
  /**
   * The router called in-process on the server's own store and Temporal gateway, for tests whose subject is a
   * procedure, not HTTP; `token: null` calls without a token. Errors are TRPCErrors (`code`), not HTTP shapes.
   */
  caller(token?: string | null): Caller;
  /** A typed client over the real HTTP server; `token: null` sends no Authorization header. */
  client(token?: string | null): TRPCClient<AppRouter>;
  /** Sends the token only as tRPC connectionParams on subscriptions, as a browser's native EventSource must. */
  connectionParamsClient(token: string): TRPCClient<AppRouter>;
  stop(): Promise<void>;
}

export async function startTestApi(opts: {
  port: number;
  temporalAddress: string;
  taskQueuePrefix?: string;
}): Promise<TestApi> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'distillery-api-'));
  const api = await startApi({
    dataDir,
    port: opts.port,
    host: '127.0.0.1',
    temporalAddress: opts.temporalAddress,
    temporalNamespace: 'default',
    // No worker polls this queue, so submitted workflows stay queued for the assertions.
    taskQueuePrefix: opts.taskQueuePrefix ?? `api-test-${process.pid}`,
    adminTokenSeed: ADMIN_SECRET,
    consoleOrigins: ['http://localhost:3000'],
    // Warnings and errors only: a failing suite shows them, a passing one stays quiet.
    logLevel: 'warn',
  });
  return {
    ...api,
    dataDir,
    caller(token: string | null = ADMIN_SECRET) {
      return createCaller(createContextInner({ store: api.store, temporal: api.temporal, token }));
    },
    client(token: string | null = ADMIN_SECRET) {
      const url = `${api.url}${TRPC_PATH}`;
      const headers = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
      return createTRPCClient<AppRouter>({
        links: [
          splitLink({
            condition: (op) => op.type === 'subscription',
            true: httpSubscriptionLink({
              url,
              EventSource,
              eventSourceOptions: {
                fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, ...headers() } }),
              },
            }),
            false: httpBatchLink({ url, headers }),
          }),
        ],
      });
    },
    connectionParamsClient(token: string) {
      return createTRPCClient<AppRouter>({
        links: [httpSubscriptionLink({ url: `${api.url}${TRPC_PATH}`, EventSource, connectionParams: { token } })],
      });
    },
    async stop() {
      await api.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The tRPC error code a call failed with (e.g. "UNAUTHORIZED"), or "resolved" if it did not fail: `data.code` of a
 * client's error over HTTP, `code` of a caller's TRPCError.
 */
export async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'resolved';
  } catch (err) {
    const { data, code } = err as { data?: { code?: string }; code?: unknown };
    return data?.code ?? (typeof code === 'string' ? code : (err as Error).message);
  }
}
