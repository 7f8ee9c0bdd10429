'use client';
// Loads a query now and again every `intervalMs` while the page is open; keeps the last good value on errors.
import { useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { errorMessage } from './field-errors';

export interface Polled<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  refresh: () => void;
}

/**
 * `options` come from tRPC, e.g. `trpc.jobs.get.queryOptions({ id })`, so `data` has the procedure's output type.
 * `intervalMs: null` loads once. A change in any of `refreshOn` loads again at once (a job that just finished, say).
 */
export function usePoll<TQueryFnData, TError, TData, TQueryKey extends QueryKey>(
  options: UseQueryOptions<TQueryFnData, TError, TData, TQueryKey>,
  intervalMs: number | null,
  refreshOn: readonly unknown[] = [],
): Polled<TData> {
  const query = useQuery({ ...options, refetchInterval: intervalMs ?? false });
  const { refetch } = query;
  const refresh = useCallback(() => void refetch(), [refetch]);

  const refreshKey = JSON.stringify(refreshOn);
  const lastRefreshKey = useRef(refreshKey);
  useEffect(() => {
    if (lastRefreshKey.current === refreshKey) return;
    lastRefreshKey.current = refreshKey;
    refresh();
  }, [refreshKey, refresh]);

  return {
    data: query.data,
    error: query.error ? errorMessage(query.error) : null,
    loading: query.isLoading,
    refresh,
  };
}
