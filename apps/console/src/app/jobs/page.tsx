'use client';
// Jobs: every job with its kind, status, progress, elapsed time and cost so far; filters; refreshes live.
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { JOB_KINDS, JOB_STATUSES, JobKindSchema, JobStatus, type Job } from '@distillery/schemas';
import { ProgressBar } from '../../components/progress-bar';
import { StatusBadge } from '../../components/status-badge';
import { elapsedSeconds, formatDuration, formatTime, formatUsd } from '@distillery/report';
import { progressView } from '../../lib/progress';
import { useNow } from '../../lib/use-now';
import { usePoll } from '../../lib/use-poll';
import { useTRPC } from '../../lib/trpc';

/** How often the list refreshes; short enough that a finished job shows within a couple of seconds. */
const REFRESH_MS = 1500;
const PAGE_SIZE = 50;

function JobRow({ job, now }: { job: Job; now: number }) {
  const elapsed = elapsedSeconds(job.startedAt, job.finishedAt, now);
  const view = progressView(job.status, job.progress, elapsed);
  return (
    <tr>
      <td>
        <Link href={`/jobs/${job.id}`}>{job.name || job.id}</Link>
        <div className="muted mono">{job.id}</div>
        {job.retryOf ? <div className="muted">retry of {job.retryOf}</div> : null}
      </td>
      <td>{job.kind}</td>
      <td>
        <StatusBadge status={job.status} />
      </td>
      <td>
        <ProgressBar fraction={view.fraction} label={view.label} etaSeconds={view.etaSeconds} name={`Progress of ${job.name || job.id}`} />
      </td>
      <td className="num">{elapsed === null ? '—' : formatDuration(elapsed)}</td>
      <td className="num">{formatUsd(job.costUsd)}</td>
      <td>{formatTime(job.createdAt)}</td>
    </tr>
  );
}

function pageHref(params: URLSearchParams, cursor: string | null): string {
  const next = new URLSearchParams(params.toString());
  if (cursor) next.set('cursor', cursor);
  else next.delete('cursor');
  const query = next.toString();
  return query ? `/jobs?${query}` : '/jobs';
}

function JobsList() {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const status = JobStatus.safeParse(params.get('status')).data;
  const kind = JobKindSchema.safeParse(params.get('kind')).data;
  const now = useNow();
  const cursor = params.get('cursor');
  const jobs = usePoll(trpc.jobs.list.queryOptions({ limit: PAGE_SIZE, status, kind, cursor }), REFRESH_MS);

  function setFilter(name: 'status' | 'kind', value: string): void {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(name, value);
    else next.delete(name);
    // A new filter starts again from the newest jobs.
    next.delete('cursor');
    const query = next.toString();
    router.replace(query ? `/jobs?${query}` : '/jobs');
  }

  const items = jobs.data?.items ?? [];
  return (
    <section>
      <div className="spread">
        <h1>Jobs</h1>
        <Link href="/jobs/new" className="button primary">
          New job
        </Link>
      </div>
      <div className="filters" role="search">
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" value={status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">All statuses</option>
            {JOB_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-kind">Kind</label>
          <select id="filter-kind" value={kind ?? ''} onChange={(e) => setFilter('kind', e.target.value)}>
            <option value="">All kinds</option>
            {JOB_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
      </div>
      {jobs.error ? (
        <p className="alert error" role="alert">
          Could not load jobs: {jobs.error}
        </p>
      ) : null}
      {jobs.loading && !jobs.data ? (
        <p className="muted">Loading jobs…</p>
      ) : items.length === 0 ? (
        <p className="muted">{status || kind ? 'No jobs match these filters.' : 'No jobs yet. Start one with “New job”.'}</p>
      ) : (
        <table aria-label="Jobs">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col" className="num">
                Elapsed
              </th>
              <th scope="col" className="num">
                Cost so far
              </th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {items.map((job) => (
              <JobRow key={job.id} job={job} now={now} />
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label="Pages of jobs" className="row">
        {cursor ? <Link href={pageHref(params, null)}>Newest jobs</Link> : null}
        {jobs.data?.nextCursor ? <Link href={pageHref(params, jobs.data.nextCursor)}>Older jobs</Link> : null}
      </nav>
    </section>
  );
}

export default function JobsPage() {
  return (
    <Suspense>
      <JobsList />
    </Suspense>
  );
}
