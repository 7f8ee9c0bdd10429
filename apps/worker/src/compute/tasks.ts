// Dispatches a compute task by kind; loaded lazily by the child so tfjs loads only where compute happens.
import type { Backend } from '@distillery/schemas';
import { estimate } from './estimate.js';
import { measure } from './measure.js';
import { loraFinetune } from './lora.js';
import { quantizeVariants } from './quantize.js';
import { trainModel } from './train.js';
import type { ComputeTask } from './protocol.js';
import type { ComputeReporter } from './reporter.js';

export interface TaskContext {
  backend: Backend | null;
  resume: unknown;
  reporter: ComputeReporter;
}

export async function runTask(task: ComputeTask, ctx: TaskContext): Promise<unknown> {
  switch (task.kind) {
    case 'measure':
      return measure(task, ctx);
    case 'estimate':
      return estimate(task, ctx);
    case 'train':
      return trainModel(task, ctx);
    case 'quantize':
      return quantizeVariants(task, ctx);
    case 'lora':
      return loraFinetune(task, ctx);
  }
}
