// A job status as a coloured pill; the text itself says the status, colour only repeats it.
import type { JobStatus } from '@distillery/schemas';

export function StatusBadge({ status }: { status: JobStatus }) {
  return <span className={`status status-${status}`}>{status}</span>;
}
