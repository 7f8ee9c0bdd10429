'use client';
// A scorecard for signed-in users, with the button that publishes it at a public read-only link.
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { ScorecardView } from '../../../components/scorecard-view';
import { useApi } from '../../../lib/api-context';
import { errorMessage } from '../../../lib/field-errors';
import { usePoll } from '../../../lib/use-poll';
import { useTRPC } from '../../../lib/trpc';

export default function ScorecardPage() {
  const { id } = useParams<{ id: string }>();
  const { client } = useApi();
  const trpc = useTRPC();
  const scorecard = usePoll(trpc.scorecards.get.queryOptions({ id }), null);
  const [publishing, setPublishing] = useState(false);
  const [publishError, setPublishError] = useState<string | null>(null);

  async function publish(): Promise<void> {
    setPublishing(true);
    setPublishError(null);
    try {
      await client.scorecards.publish.mutate({ id });
      scorecard.refresh();
    } catch (err) {
      setPublishError(errorMessage(err));
    } finally {
      setPublishing(false);
    }
  }

  if (scorecard.error && !scorecard.data) {
    return (
      <p className="alert error" role="alert">
        Could not load scorecard {id}: {scorecard.error}
      </p>
    );
  }
  if (!scorecard.data) return <p className="muted">Loading scorecard…</p>;
  const s = scorecard.data;
  const actions = s.published ? (
    <p>
      Published: <Link href={`/s/${s.id}`}>public link</Link>
    </p>
  ) : (
    <button type="button" className="primary" disabled={publishing} onClick={() => void publish()}>
      {publishing ? 'Publishing…' : 'Publish'}
    </button>
  );
  return (
    <>
      {publishError ? (
        <p className="alert error" role="alert">
          Could not publish: {publishError}
        </p>
      ) : null}
      <ScorecardView scorecard={s} actions={actions} />
    </>
  );
}
