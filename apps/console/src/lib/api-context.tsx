'use client';
// Gives every page the typed API client for the configured URL and the signed-in token.
import { createDistilleryClient } from '@distillery/client';
import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { readToken, subscribeToken, writeToken } from './token-storage';

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
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi must be used inside <ApiProvider>');
  return value;
}
