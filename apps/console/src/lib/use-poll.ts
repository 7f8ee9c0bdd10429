'use client';
// Loads data now and again every `intervalMs` while the page is open; keeps the last good value on errors.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from './field-errors';

export interface Polled<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  refresh: () => void;
}

export function usePoll<T>(load: () => Promise<T>, intervalMs: number | null, deps: readonly unknown[]): Polled<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async (): Promise<void> => {
      try {
        const value = await loadRef.current();
        if (cancelled) return;
        setData(value);
        setError(null);
      } catch (e) {
        if (!cancelled) setError(errorMessage(e));
      } finally {
        if (!cancelled) {
          setLoading(false);
          if (intervalMs !== null) timer = setTimeout(() => void run(), intervalMs);
        }
      }
    };
    void run();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [...deps, intervalMs, tick]);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, refresh };
}
