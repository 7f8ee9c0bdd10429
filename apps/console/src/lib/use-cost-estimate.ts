'use client';
// The pre-run estimate of the form's current spec: asked of the API once the spec validates and typing pauses.
import { JobSpec, type CostEstimate, type JobSpecInput } from '@distillery/schemas';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { estimateFailureText } from './cost-estimate';
import type { SpecDraft } from './spec-paths';
import { useTRPC } from './trpc';

export type EstimateState =
  | { status: 'invalid' }
  | { status: 'loading'; previous: CostEstimate | null }
  | { status: 'ready'; estimate: CostEstimate }
  | { status: 'unavailable'; message: string };

/** Long enough that typing "128" asks once, short enough that a preset click answers promptly. */
export const ESTIMATE_DEBOUNCE_MS = 600;

/** A spec asked about again within this long (an edit undone, say) is answered from the cache. */
const ESTIMATE_FRESH_MS = 60_000;

export function useCostEstimate(draft: SpecDraft, debounceMs = ESTIMATE_DEBOUNCE_MS): EstimateState {
  const trpc = useTRPC();
  // The validated spec, as text: an edit that changes nothing the worker sees (or an invalid draft) asks nothing.
  const specKey = useMemo(() => {
    const parsed = JobSpec.safeParse(draft);
    return parsed.success ? JSON.stringify(parsed.data) : null;
  }, [draft]);
  const [askedKey, setAskedKey] = useState<string | null>(null);
  useEffect(() => {
    if (specKey === null) return;
    const timer = setTimeout(() => setAskedKey(specKey), debounceMs);
    return () => clearTimeout(timer);
  }, [specKey, debounceMs]);

  const spec = useMemo(() => (askedKey === null ? null : (JSON.parse(askedKey) as JobSpecInput)), [askedKey]);
  // Each spec is its own query, so a late answer for an older spec never overwrites the newer one's;
  // a superseded request is aborted.
  const query = useQuery({
    ...trpc.jobs.estimate.queryOptions(spec ? { spec } : skipToken, { trpc: { abortOnUnmount: true } }),
    placeholderData: keepPreviousData,
    staleTime: ESTIMATE_FRESH_MS,
  });

  if (specKey === null) return { status: 'invalid' };
  const settled = askedKey === specKey && !query.isPlaceholderData && !query.isFetching;
  if (settled && query.isError) return { status: 'unavailable', message: estimateFailureText(query.error) };
  if (settled && query.data) return { status: 'ready', estimate: query.data };
  return { status: 'loading', previous: query.data ?? null };
}
