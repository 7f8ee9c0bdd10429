'use client';
// The New job page's pre-run estimate: time and USD on the spec's device, with the backend and rate it rests on.
import { describeEstimate } from '../lib/cost-estimate';
import type { EstimateState } from '../lib/use-cost-estimate';

export function CostEstimatePanel({ state }: { state: EstimateState }) {
  const shown =
    state.status === 'ready' ? state.estimate : state.status === 'loading' ? state.previous : null;
  const text = shown ? describeEstimate(shown) : null;
  return (
    <section
      className="panel estimate"
      aria-label="Cost estimate"
      aria-live="polite"
      aria-busy={state.status === 'loading'}
    >
      <h2>Estimate before you submit</h2>
      {state.status === 'invalid' ? <p className="muted">Shown once the spec is valid.</p> : null}
      {state.status === 'unavailable' ? (
        <p className="muted" data-testid="estimate-unavailable">
          No estimate: {state.message}
        </p>
      ) : null}
      {state.status === 'loading' && !text ? <p className="muted">A worker is estimating…</p> : null}
      {text ? (
        <>
          <p className="estimate-headline" data-testid="estimate-headline">
            {text.headline}
            {state.status === 'loading' ? <span className="muted"> (updating…)</span> : null}
          </p>
          <dl className="facts">
            <dt>Price</dt>
            <dd title={shown?.priceSource}>{text.price}</dd>
            <dt>Backend</dt>
            <dd>{text.backend}</dd>
            <dt>Made of</dt>
            <dd>{text.basis}</dd>
          </dl>
        </>
      ) : null}
    </section>
  );
}
