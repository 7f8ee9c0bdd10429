// Progress of a job as a fraction and an ETA, from the latest progress report and the time it has run.
import type { JobProgress, JobStatus } from '@distillery/schemas';

export interface ProgressView {
  /** 0..1, or null when nothing has reported a total yet. */
  fraction: number | null;
  etaSeconds: number | null;
  label: string;
}

export function progressView(status: JobStatus, progress: JobProgress | null, elapsed: number | null): ProgressView {
  if (status === 'succeeded') return { fraction: 1, etaSeconds: 0, label: 'done' };
  const stopped = status === 'failed' || status === 'cancelled';
  if (stopped && (!progress || progress.total <= 0)) return { fraction: 0, etaSeconds: null, label: status };
  if (!progress || progress.total <= 0) {
    return { fraction: status === 'queued' ? 0 : null, etaSeconds: null, label: status === 'queued' ? 'waiting' : status };
  }
  const fraction = Math.min(1, Math.max(0, progress.step / progress.total));
  let eta: number | null = progress.etaSeconds ?? null;
  // Without a reported ETA, extrapolate linearly from the time spent so far.
  if (eta === null && elapsed !== null && fraction > 0 && status === 'running') eta = (elapsed * (1 - fraction)) / fraction;
  const stage = progress.stage ? `${progress.stage}: ` : '';
  return { fraction, etaSeconds: status === 'running' ? eta : null, label: `${stage}${progress.step} / ${progress.total}` };
}
