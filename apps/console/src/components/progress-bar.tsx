// An accessible progress bar (role=progressbar) with an optional ETA beside it.
import { formatDuration } from '@distillery/report';

export function ProgressBar({
  fraction,
  label,
  etaSeconds,
  large = false,
  name = 'Progress',
}: {
  fraction: number | null;
  label: string;
  etaSeconds?: number | null;
  large?: boolean;
  name?: string;
}) {
  const percent = fraction === null ? null : Math.round(fraction * 100);
  return (
    <div className={large ? 'progress large' : 'progress'}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={name}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? label : `${percent}% (${label})`}
      >
        <div
          className={percent === null ? 'progress-fill indeterminate' : 'progress-fill'}
          style={percent === null ? undefined : { width: `${percent}%` }}
        />
      </div>
      <span className="progress-text">
        {percent === null ? label : `${percent}%`}
        {etaSeconds !== null && etaSeconds !== undefined && etaSeconds > 0 ? ` · ETA ${formatDuration(etaSeconds)}` : ''}
      </span>
    </div>
  );
}
