// What a compute task may tell its activity: progress for the job's event stream and checkpoints to resume from.
import type { ChildMessage } from './protocol.js';

export class ComputeReporter {
  constructor(private readonly send: (message: ChildMessage) => Promise<void>) {}

  progress(stage: string, step: number, total: number, extra: { loss?: number; message?: string } = {}): Promise<void> {
    return this.send({ type: 'progress', stage, step, total, ...extra });
  }

  /** Sends the state a retried attempt will receive back as its `resume`. */
  checkpoint(state: unknown, artifactPath?: string): Promise<void> {
    return this.send({ type: 'checkpoint', state, ...(artifactPath === undefined ? {} : { artifactPath }) });
  }
}
