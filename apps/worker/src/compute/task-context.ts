// What a compute task runs with in the child: kept apart from the dispatcher, so task files and dispatcher import no circle.
import type { BackendInfo } from '@distillery/ml';
import type { TaskKind, TaskResume } from './protocol.js';
import type { ComputeReporter } from './reporter.js';

export interface TaskContext<K extends TaskKind = TaskKind> {
  /** The backend the child initialised, once, before the task started. */
  backend: BackendInfo;
  /** performance.now() just before the backend loaded: what a compute step pays to start counts toward its cost. */
  startedAt: number;
  /** The state the previous attempt checkpointed, or undefined on a first attempt. */
  resume: TaskResume<K> | undefined;
  reporter: ComputeReporter<K>;
}
