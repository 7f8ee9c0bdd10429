'use client';
// The pre-run estimate of the form's current spec: asked of the API once the spec validates and typing pauses.
import { useEffect, useMemo, useState } from 'react';
import { JobSpec, type CostEstimate, type JobSpecInput } from '@distillery/schemas';
import type { DistilleryClient } from './api-context';
import { estimateFailureText } from './cost-estimate';
import type { SpecDraft } from './spec-paths';

export type EstimateState =
  | { status: 'invalid' }
  | { status: 'loading'; previous: CostEstimate | null }
  | { status: 'ready'; estimate: CostEstimate }
  | { status: 'unavailable'; message: string };

/** Long enough that typing "128" asks once, short enough that a preset click answers promptly. */
export const ESTIMATE_DEBOUNCE_MS = 600;

export function useCostEstimate(
  client: DistilleryClient,
  draft: SpecDraft,
  debounceMs = ESTIMATE_DEBOUNCE_MS,
): EstimateState {
  // The validated spec, as text: an edit that changes nothing the worker sees (or an invalid draft) asks nothing.
  const specKey = useMemo(() => {
    const parsed = JobSpec.safeParse(draft);
    return parsed.success ? JSON.stringify(parsed.data) : null;
  }, [draft]);
  const [state, setState] = useState<EstimateState>({ status: 'invalid' });

  useEffect(() => {
    if (specKey === null) {
      setState({ status: 'invalid' });
      return;
    }
    setState((current) => ({
      status: 'loading',
      previous:
        current.status === 'ready'
          ? current.estimate
          : current.status === 'loading'
            ? current.previous
            : null,
    }));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const spec = JSON.parse(specKey) as JobSpecInput;
      client.jobs.estimate.query({ spec }, { signal: controller.signal }).then(
        (estimate) => {
          if (!controller.signal.aborted) setState({ status: 'ready', estimate });
        },
        (err: unknown) => {
          if (!controller.signal.aborted)
            setState({ status: 'unavailable', message: estimateFailureText(err) });
        },
      );
    }, debounceMs);
    // A newer spec supersedes this one: its answer, even if it arrives, must not overwrite the newer estimate.
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, specKey, debounceMs]);

  return state;
}
