'use client';
// Scorecards: every scorecard with its headline, best candidate and whether it is published.
import Link from 'next/link';
import { formatTime } from '@distillery/report';
import { usePoll } from '../../lib/use-poll';
import { useTRPC } from '../../lib/trpc';

export default function ScorecardsPage() {
  const trpc = useTRPC();
  const scorecards = usePoll(trpc.scorecards.list.queryOptions({ limit: 100 }), 5000);
  const items = scorecards.data?.items ?? [];
  return (
    <section>
      <h1>Scorecards</h1>
      {scorecards.error ? (
        <p className="alert error" role="alert">
          Could not load scorecards: {scorecards.error}
        </p>
      ) : null}
      {scorecards.loading && !scorecards.data ? (
        <p className="muted">Loading scorecards…</p>
      ) : items.length === 0 ? (
        <p className="muted">No scorecards yet. Every finished job produces one.</p>
      ) : (
        <table aria-label="Scorecards">
          <thead>
            <tr>
              <th scope="col">Scorecard</th>
              <th scope="col">Headline</th>
              <th scope="col" className="num">Candidates</th>
              <th scope="col">Within budget</th>
              <th scope="col">Published</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`/scorecards/${s.id}`}>{s.title}</Link>
                  <div className="muted">
                    job <Link href={`/jobs/${s.jobId}`}>{s.jobId}</Link>
                  </div>
                </td>
                <td>{s.headline}</td>
                <td className="num">{s.candidates.length}</td>
                <td>{s.verdict.withinBudget ? 'yes' : 'no'}</td>
                <td>{s.published ? <Link href={`/s/${s.id}`}>public link</Link> : 'no'}</td>
                <td>{formatTime(s.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
