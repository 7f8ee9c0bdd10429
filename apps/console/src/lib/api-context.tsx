'use client';
// Gives every page the typed API client for the configured URL and the signed-in token, and the query cache over it.
import { createDistilleryClient } from '@distillery/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { readToken, subscribeToken, writeToken } from './token-storage';
import { TRPCProvider } from './trpc';

export type DistilleryClient = ReturnType<typeof createDistilleryClient>;

interface ApiContextValue {
  apiUrl: string;
  /** undefined until the browser has read localStorage (first render on the server). */
  token: string | null | undefined;
  client: DistilleryClient;
  signIn: (token: string) => void;
  signOut: () => void;
}

const ApiContext = createContext<ApiContextValue | null>(null);

/**
 * Polling and errors behave as the hand-written hooks did: no retries (the next poll is the retry, and an error shows at
 * once), no refetch on window focus, polls continue in a background tab.
 */
function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchIntervalInBackground: true },
      mutations: { retry: false },
    },
  });
}

export function ApiProvider({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  const token = useSyncExternalStore<string | null | undefined>(subscribeToken, readToken, () => undefined);
  const value = useMemo<ApiContextValue>(
    () => ({
      apiUrl,
      token,
      client: createDistilleryClient(token ? { url: apiUrl, token } : { url: apiUrl }),
      signIn: (secret) => writeToken(secret.trim()),
      signOut: () => writeToken(null),
    }),
    [apiUrl, token],
  );
  // One cache per identity: what one token may read is never shown under another.
  const queryClient = useMemo(() => newQueryClient(), [apiUrl, token]);
  return (
    <ApiContext.Provider value={value}>
      <QueryClientProvider client={queryClient}>
        {/* Keyed by token so open subscriptions reconnect with the new one. */}
        <TRPCProvider key={token ?? ''} trpcClient={value.client} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </ApiContext.Provider>
  );
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi must be used inside <ApiProvider>');
  return value;
}
