// What a job step tells whoever runs it: progress for the job's event stream, and state a retried attempt resumes from.
import type { TrainProgress } from '../train/train.js';

/** `State` is the step's own resume state: a retried attempt is handed the last one it checkpointed. */
export interface StepReporter<State> {
  progress(stage: string, step: number, total: number, extra?: { loss?: number; message?: string }): Promise<void>;
  checkpoint(state: State, artifactPath?: string): Promise<void>;
}

/** A training step's resume state: the loop itself resumes from its checkpoint folder, this only says how far it got. */
export interface TrainCheckpoint {
  step: number;
}

/**
 * The loop's progress as the job's events, under `stage`; when the loop has written a checkpoint into
 * `checkpointDir`, saying so makes the runner heartbeat it.
 */
export function trainingProgress(reporter: StepReporter<TrainCheckpoint>, stage: string, checkpointDir: string): (p: TrainProgress) => Promise<void> {
  return async (p) => {
    await reporter.progress(stage, p.step, p.totalSteps ?? p.step, { loss: p.loss });
    if (p.checkpointed) await reporter.checkpoint({ step: p.step }, checkpointDir);
  };
}
