// Turns a job's event stream into a one-line progress bar: stage, step/total, loss and ETA.
import type { JobEvent, JobStatus } from '@distillery/schemas';
import { formatDuration } from './format.js';

export interface ProgressState {
  status: JobStatus | null;
  stage: string | null;
  step: number;
  total: number;
  loss: number | null;
  /** Seconds left in the current stage at its measured rate; null until two points were seen. */
  etaSeconds: number | null;
}

/** Folds events into the state the bar shows. The ETA uses the event times, so replayed history gives true rates. */
export class ProgressTracker {
  private state: ProgressState = {
    status: null,
    stage: null,
    step: 0,
    total: 0,
    loss: null,
    etaSeconds: null,
  };
  private stageStart: { timeMs: number; step: number } | null = null;

  get current(): Readonly<ProgressState> {
    return this.state;
  }

  apply(event: JobEvent): Readonly<ProgressState> {
    if (event.type === 'status' && event.status) this.state = { ...this.state, status: event.status };
    if (event.type !== 'progress') return this.state;

    const stage = event.stage ?? this.state.stage;
    const timeMs = Date.parse(event.time);
    const step = event.step ?? this.state.step;
    const total = event.total ?? this.state.total;
    if (stage !== this.state.stage || !this.stageStart || step < this.stageStart.step) {
      this.stageStart = { timeMs, step };
    }
    const doneSteps = step - this.stageStart.step;
    const elapsedSec = (timeMs - this.stageStart.timeMs) / 1000;
    const etaSeconds =
      doneSteps > 0 && elapsedSec > 0 && total >= step ? ((total - step) * elapsedSec) / doneSteps : null;
    this.state = {
      ...this.state,
      status: this.state.status ?? 'running',
      stage,
      step,
      total,
      loss: event.loss ?? this.state.loss,
      etaSeconds,
    };
    return this.state;
  }
}

export function renderProgressBar(state: Readonly<ProgressState>, width = 24): string {
  const fraction = state.total > 0 ? Math.min(1, state.step / state.total) : 0;
  const filled = Math.round(fraction * width);
  const parts = [
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%`,
    state.stage ?? state.status ?? 'waiting',
  ];
  if (state.total > 0) parts.push(`step ${state.step}/${state.total}`);
  if (state.loss !== null && Number.isFinite(state.loss)) parts.push(`loss ${state.loss.toFixed(4)}`);
  if (state.etaSeconds !== null) parts.push(`ETA ${formatDuration(state.etaSeconds)}`);
  return parts.join('  ');
}
