'use client';
// Job detail: live progress with ETA, loss and metric curves as events arrive, event log, artifacts, cancel and retry.
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useState } from 'react';
import { isTerminal } from '@distillery/schemas';
import { EventLog } from '../../../components/event-log';
import { CurveChart } from '../../../components/loss-chart';
import { lossSeries, metricSeries } from '../../../lib/curves';
import { ProgressBar } from '../../../components/progress-bar';
import { StatusBadge } from '../../../components/status-badge';
import { ArtifactTable } from '../../../components/artifact-table';
import { useApi } from '../../../lib/api-context';
import { useModelDownload } from '../../../lib/downloads';
import { plainFailureReason } from '../../../lib/failure-reason';
import { errorMessage } from '../../../lib/field-errors';
import { elapsedSeconds, formatDuration, formatTime, formatUsd } from '@distillery/report';
import { progressView } from '../../../lib/progress';
import { streamSawEnd, useJobEvents } from '../../../lib/use-job-events';
import { useNow } from '../../../lib/use-now';
import { usePoll } from '../../../lib/use-poll';
import { useTRPC } from '../../../lib/trpc';

export default function JobDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { client } = useApi();
  const trpc = useTRPC();
  const router = useRouter();
  const now = useNow();
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const download = useModelDownload();
  const stream = useJobEvents(id);
  const finishedByStream = streamSawEnd(stream.events);
  // The job row is polled as well as streamed so status and cost stay right even if the stream is down.
  const job = usePoll(trpc.jobs.get.queryOptions({ id }), 1500, [finishedByStream]);
  const terminal = job.data ? isTerminal(job.data.status) : false;
  const artifacts = usePoll(trpc.models.list.queryOptions({ jobId: id, limit: 200 }), terminal ? null : 3000, [terminal]);

  async function act(action: 'cancel' | 'retry'): Promise<void> {
    setBusy(true);
    setActionError(null);
    try {
      if (action === 'cancel') {
        await client.jobs.cancel.mutate({ id });
        job.refresh();
      } else {
        const retried = await client.jobs.retry.mutate({ id });
        router.push(`/jobs/${retried.id}`);
      }
    } catch (err) {
      setActionError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (job.error && !job.data) {
    return (
      <section>
        <h1>Job {id}</h1>
        <p className="alert error" role="alert">
          Could not load this job: {job.error}
        </p>
      </section>
    );
  }
  if (!job.data) return <p className="muted">Loading job…</p>;

  const j = job.data;
  const elapsed = elapsedSeconds(j.startedAt, j.finishedAt, now);
  const view = progressView(j.status, j.progress, elapsed);
  const loss = lossSeries(stream.events);
  const metrics = metricSeries(stream.events);

  return (
    <section>
      <div className="spread">
        <h1>
          {j.name || j.id} <StatusBadge status={j.status} />
        </h1>
        <div className="row">
          {!terminal ? (
            <button type="button" className="danger" disabled={busy} onClick={() => void act('cancel')}>
              Cancel job
            </button>
          ) : null}
          {j.status === 'failed' || j.status === 'cancelled' ? (
            <button type="button" className="primary" disabled={busy} onClick={() => void act('retry')}>
              Retry job
            </button>
          ) : null}
        </div>
      </div>
      {actionError ? (
        <p className="alert error" role="alert">
          {actionError}
        </p>
      ) : null}
      {j.status === 'failed' ? (
        <div className="alert error" role="alert" aria-labelledby="failure-title">
          <h2 id="failure-title">Why this job failed</h2>
          <p>{plainFailureReason(j.error)}</p>
        </div>
      ) : null}
      {j.status === 'succeeded' && j.scorecardId ? (
        <p className="alert ok">
          Finished. <Link href={`/scorecards/${j.scorecardId}`}>Open the scorecard</Link>
        </p>
      ) : null}

      <div className="panel">
        <ProgressBar fraction={view.fraction} label={view.label} etaSeconds={view.etaSeconds} large name="Job progress" />
        <dl className="facts">
          <dt>Id</dt>
          <dd className="mono">{j.id}</dd>
          <dt>Kind</dt>
          <dd>{j.kind}</dd>
          <dt>Device</dt>
          <dd>{j.device}</dd>
          <dt>Stage</dt>
          <dd>{j.progress?.stage ?? '—'}</dd>
          <dt>Elapsed</dt>
          <dd>{elapsed === null ? 'not started' : formatDuration(elapsed)}</dd>
          <dt>Cost so far</dt>
          <dd>{formatUsd(j.costUsd)}</dd>
          <dt>Created</dt>
          <dd>{formatTime(j.createdAt)}</dd>
          {j.retryOf ? (
            <>
              <dt>Retry of</dt>
              <dd>
                <Link href={`/jobs/${j.retryOf}`}>{j.retryOf}</Link>
              </dd>
            </>
          ) : null}
          {j.progress?.samplesPerSec !== undefined ? (
            <>
              <dt>Throughput</dt>
              <dd>{j.progress.samplesPerSec.toFixed(0)} samples/s</dd>
            </>
          ) : null}
        </dl>
      </div>

      <div className="grid-2">
        <CurveChart title="Training loss" points={loss.points} series={loss.series} xLabel="report" />
        <CurveChart title="Metric curves" points={metrics.points} series={metrics.series} xLabel="report" />
      </div>
      {metrics.latest.length > 0 ? (
        <>
          <h2>Measurements</h2>
          <table aria-label="Measurements">
            <tbody>
              {metrics.latest.map((m) => (
                <tr key={m.name}>
                  <th scope="row">{m.name}</th>
                  <td className="num">{Number(m.value.toPrecision(5))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}

      <h2>Artifacts</h2>
      {artifacts.data && artifacts.data.items.length > 0 ? (
        <ArtifactTable artifacts={artifacts.data.items} onDownload={(a) => void download(a.id).catch((e: unknown) => setActionError(errorMessage(e)))} />
      ) : (
        <p className="muted">{terminal ? 'This job produced no artifacts.' : 'None yet.'}</p>
      )}

      <h2>
        Event log{' '}
        <span className="muted" aria-live="polite">
          ({stream.state === 'reconnecting' ? `reconnecting: ${stream.error ?? ''}` : stream.state})
        </span>
      </h2>
      <EventLog events={stream.events} />

      <details className="panel">
        <summary>Spec</summary>
        <pre className="mono">{JSON.stringify(j.spec, null, 2)}</pre>
      </details>
    </section>
  );
}
