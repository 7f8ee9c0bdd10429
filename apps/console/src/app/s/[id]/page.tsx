'use client';
// The public, read-only page of a published scorecard; works without signing in.
import { useParams } from 'next/navigation';
import { ScorecardView } from '../../../components/scorecard-view';
import { usePoll } from '../../../lib/use-poll';
import { useTRPC } from '../../../lib/trpc';

export default function PublicScorecardPage() {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const scorecard = usePoll(trpc.scorecards.get.queryOptions({ id }), null);
  if (scorecard.error && !scorecard.data) {
    return (
      <p className="alert error" role="alert">
        This scorecard is not published or does not exist.
      </p>
    );
  }
  if (!scorecard.data) return <p className="muted">Loading scorecard…</p>;
  return <ScorecardView scorecard={scorecard.data} />;
}
