// The typed Distillery client: queries and mutations batched over HTTP, subscriptions over SSE.
import type { AppRouter } from '@distillery/api';
import { TRPC_PATH } from '@distillery/schemas';
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { EventSource } from 'eventsource';

export type DistilleryClient = TRPCClient<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export interface DistilleryClientOptions {
  /** The API's base URL, e.g. http://localhost:4000. */
  url: string;
  /** Bearer token; without one only published scorecards can be read. */
  token?: string | null | undefined;
  /** Fetch to use for queries, mutations and the SSE stream (defaults to the global fetch). */
  fetch?: typeof fetch;
}

export function createDistilleryClient({
  url,
  token,
  // A wrapper, not the bare global: browsers throw "Illegal invocation" when window.fetch is called unbound.
  fetch: fetchImpl = (input, init) => globalThis.fetch(input, init),
}: DistilleryClientOptions): DistilleryClient {
  const base = url.replace(/\/+$/, '') + TRPC_PATH;
  const authHeaders = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: base,
          // The `eventsource` package runs in Node and browsers, and (unlike the browser's own) lets us send
          // the Authorization header through its fetch option, keeping the token out of URLs.
          EventSource,
          eventSourceOptions: {
            fetch: (input, init) =>
              fetchImpl(input, { ...init, headers: { ...init.headers, ...authHeaders() } }),
          },
        }),
        false: httpBatchLink({ url: base, headers: authHeaders, fetch: fetchImpl }),
      }),
    ],
  });
}
