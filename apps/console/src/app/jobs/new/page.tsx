'use client';
// New job: a form per job kind, presets one click away, checked against the JobSpec schema here and by the API.
import { useRouter } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { JOB_KINDS, JobSpec, PRESETS, type JobKind, type JobSpecInput } from '@distillery/schemas';
import { CostEstimatePanel } from '../../../components/cost-estimate-panel';
import { SpecFormContext, fieldId, type SpecFormState } from '../../../components/spec-form/form-context';
import { KindFields } from '../../../components/spec-form/kind-fields';
import { STARTING_SPECS } from '../../../components/spec-form/starting-specs';
import { useApi } from '../../../lib/api-context';
import { errorMessage, fieldErrorsFromApi, fieldErrorsFromIssues, type FieldErrors } from '../../../lib/field-errors';
import { setAtPath, type SpecDraft } from '../../../lib/spec-paths';
import { useCostEstimate } from '../../../lib/use-cost-estimate';
import { usePoll } from '../../../lib/use-poll';
import { useTRPC } from '../../../lib/trpc';

const KIND_LABELS: Record<JobKind, string> = {
  benchmark: 'Benchmark',
  distill: 'Distill',
  lora: 'LoRA',
  quantize: 'Quantize',
  pipeline: 'Pipeline',
};

const newIdempotencyKey = (): string => `console-${crypto.randomUUID()}`;

export default function NewJobPage() {
  const { client } = useApi();
  const trpc = useTRPC();
  const router = useRouter();
  const [draft, setDraft] = useState<SpecDraft>(() => structuredClone(STARTING_SPECS.benchmark));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // One key per filled-in form: a double click or a retried request returns the same job.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const kind = (draft.kind as JobKind | undefined) ?? 'benchmark';
  const models = usePoll(trpc.models.list.queryOptions({ limit: 200 }), null);
  const estimate = useCostEstimate(draft);

  const state = useMemo<SpecFormState>(
    () => ({
      draft,
      errors,
      setValue: (path, value) => {
        setDraft((current) => setAtPath(current, path, value));
        setIdempotencyKey(newIdempotencyKey());
      },
    }),
    [draft, errors],
  );

  function load(spec: SpecDraft): void {
    setDraft(structuredClone(spec));
    setErrors({});
    setSubmitError(null);
    setIdempotencyKey(newIdempotencyKey());
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    setSubmitError(null);
    const parsed = JobSpec.safeParse(draft);
    if (!parsed.success) {
      setErrors(fieldErrorsFromIssues(parsed.error.issues));
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const job = await client.jobs.submit.mutate({ spec: draft as JobSpecInput, idempotencyKey });
      router.push(`/jobs/${job.id}`);
    } catch (err) {
      const apiErrors = fieldErrorsFromApi(err);
      if (apiErrors) setErrors(apiErrors);
      else setSubmitError(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  }

  const errorEntries = Object.entries(errors);
  const registered = (models.data?.items ?? []).filter((m) => m.kind === 'model');

  return (
    <section>
      <h1>New job</h1>
      <div className="kinds" role="group" aria-label="Job kind">
        {JOB_KINDS.map((k) => (
          <button key={k} type="button" aria-pressed={k === kind} onClick={() => k !== kind && load(STARTING_SPECS[k])}>
            {KIND_LABELS[k]}
          </button>
        ))}
      </div>
      {PRESETS.length > 0 ? (
        <div className="presets" role="group" aria-label="Presets">
          <span className="muted">Presets:</span>
          {PRESETS.map((preset) => (
            <button key={preset.name} type="button" title={preset.description} onClick={() => load(preset.spec)}>
              {preset.title}
            </button>
          ))}
        </div>
      ) : null}

      {errorEntries.length > 0 ? (
        <div className="alert error" role="alert" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">The spec has {errorEntries.length === 1 ? 'a problem' : `${errorEntries.length} problems`}</h2>
          <ul>
            {errorEntries.map(([path, messages]) => (
              <li key={path}>
                <a href={`#${fieldId(path)}`}>{path || 'spec'}</a>: {messages.join('; ')}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {submitError ? (
        <p className="alert error" role="alert">
          The API refused the job: {submitError}
        </p>
      ) : null}

      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={`${KIND_LABELS[kind]} job`}>
        <SpecFormContext.Provider value={state}>
          <KindFields kind={kind} models={registered} />
        </SpecFormContext.Provider>
        <details className="panel">
          <summary>Spec as JSON (for the CLI: distillery submit spec.json)</summary>
          <pre className="mono">{JSON.stringify(draft, null, 2)}</pre>
        </details>
        <CostEstimatePanel state={estimate} />
        <button type="submit" className="primary" disabled={submitting}>
          {submitting ? 'Submitting…' : 'Submit job'}
        </button>
      </form>
    </section>
  );
}
