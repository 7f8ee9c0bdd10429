// Registry entries as a table: what each is, its size, and the artifacts it was made from (lineage).
import Link from 'next/link';
import type { Artifact } from '@distillery/schemas';
import { formatBytes, formatCount, formatTime } from '@distillery/report';

export function ArtifactTable({ artifacts, onDownload }: { artifacts: readonly Artifact[]; onDownload?: (a: Artifact) => void }) {
  const names = new Map(artifacts.map((a) => [a.id, a.name]));
  return (
    <table aria-label="Artifacts">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Kind</th>
          <th scope="col">Role</th>
          <th scope="col">Quantization</th>
          <th scope="col" className="num">
            Parameters
          </th>
          <th scope="col" className="num">
            Size
          </th>
          <th scope="col">Made from</th>
          <th scope="col">Job</th>
          <th scope="col">Created</th>
          {onDownload ? <th scope="col">Files</th> : null}
        </tr>
      </thead>
      <tbody>
        {artifacts.map((a) => {
          return (
            <tr key={a.id} id={a.id}>
              <td>
                {a.name}
                <div className="muted mono">{a.id}</div>
              </td>
              <td>{a.kind}</td>
              <td>{a.role ?? '—'}</td>
              <td>{a.quantization ?? 'float32'}</td>
              <td className="num">{formatCount(a.params)}</td>
              <td className="num">{formatBytes(a.sizeBytes)}</td>
              <td>
                {a.parentIds.length === 0
                  ? '—'
                  : a.parentIds.map((parent, i) => (
                      <span key={parent}>
                        {i > 0 ? ', ' : ''}
                        <Link href={`/models#${parent}`}>{names.get(parent) ?? `${parent.slice(0, 14)}…`}</Link>
                      </span>
                    ))}
              </td>
              <td>{a.jobId ? <Link href={`/jobs/${a.jobId}`}>{a.jobId}</Link> : '—'}</td>
              <td>{formatTime(a.createdAt)}</td>
              {onDownload ? (
                <td>
                  {a.kind === 'model' ? (
                    <button type="button" onClick={() => onDownload(a)} aria-label={`Download ${a.name}`}>
                      Download
                    </button>
                  ) : (
                    '—'
                  )}
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
