// What a compute task may tell its activity: progress for the job's event stream and checkpoints to resume from.
import type { StepReporter } from '@distillery/ml';
import type { ChildMessage, TaskKind, TaskResume } from './protocol.js';

export class ComputeReporter<K extends TaskKind = TaskKind> implements StepReporter<TaskResume<K>> {
  constructor(private readonly send: (message: ChildMessage<K>) => Promise<void>) {}

  progress(stage: string, step: number, total: number, extra: { loss?: number; message?: string } = {}): Promise<void> {
    return this.send({ type: 'progress', stage, step, total, ...extra });
  }

  /** Sends the state a retried attempt will receive back as its `resume`. */
  checkpoint(state: TaskResume<K>, artifactPath?: string): Promise<void> {
    return this.send({ type: 'checkpoint', state, ...(artifactPath === undefined ? {} : { artifactPath }) });
  }
}
