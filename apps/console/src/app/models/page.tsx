'use client';
// Models: the artifact registry with lineage (what each was made from) and download links.
import { usePoll } from '../../lib/use-poll';
import { useTRPC } from '../../lib/trpc';
import { ArtifactTable } from '../../components/artifact-table';
import { useModelDownload } from '../../lib/downloads';
import { errorMessage } from '../../lib/field-errors';
import { useState } from 'react';

export default function ModelsPage() {
  const trpc = useTRPC();
  const download = useModelDownload();
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const models = usePoll(trpc.models.list.queryOptions({ limit: 200 }), 5000);
  const items = models.data?.items ?? [];
  return (
    <section>
      <h1>Models</h1>
      <p className="muted">Every model, adapter and checkpoint the jobs produced, in the standard tfjs format.</p>
      {models.error ? (
        <p className="alert error" role="alert">
          Could not load the registry: {models.error}
        </p>
      ) : null}
      {downloadError ? (
        <p className="alert error" role="alert">
          {downloadError}
        </p>
      ) : null}
      {models.loading && !models.data ? (
        <p className="muted">Loading models…</p>
      ) : items.length === 0 ? (
        <p className="muted">The registry is empty. Finished jobs add their models here.</p>
      ) : (
        <ArtifactTable artifacts={items} onDownload={(a) => void download(a.id).catch((e: unknown) => setDownloadError(errorMessage(e)))} />
      )}
    </section>
  );
}
