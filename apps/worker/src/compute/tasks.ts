// Dispatches a compute task by kind; loaded lazily by the child so tfjs loads only where compute happens.
import { initBackend, loraFinetune, measureModel, quantizeVariants, trainRecipe } from '@distillery/ml';
import { estimate } from './estimate.js';
import type { ParentMessage, TaskKind, TaskRequest, TaskResult } from './protocol.js';
import type { ComputeReporter } from './reporter.js';
import type { TaskContext } from './task-context.js';

type Handlers = { [K in TaskKind]: (task: TaskRequest<K>, ctx: TaskContext<K>) => Promise<TaskResult<K>> };

/** The model-kind work lives in @distillery/ml; a handler adds what the worker knows: the backend that ran it. */
const handlers: Handlers = {
  measure: async (task, ctx) => ({ ...(await measureModel(task, ctx.reporter, ctx.resume)), backend: ctx.backend.name, hardware: ctx.backend.hardware }),
  estimate,
  train: async (task, ctx) => ({ ...(await trainRecipe(task, ctx.reporter)), backend: ctx.backend.name }),
  quantize: (task, ctx) => quantizeVariants(task, ctx.reporter),
  lora: async (task, ctx) => ({ ...(await loraFinetune(task, ctx.reporter)), backend: ctx.backend.name }),
};

export function runTask<K extends TaskKind>(kind: K, task: TaskRequest<K>, ctx: TaskContext<K>): Promise<TaskResult<K>> {
  return handlers[kind](task, ctx);
}

/** Initialises the backend the parent asked for, once per child, then runs the task with it. */
export async function runParentMessage(message: ParentMessage, reporter: ComputeReporter): Promise<TaskResult<TaskKind>> {
  const startedAt = performance.now();
  const backend = await initBackend(message.backend);
  return runTask(message.task.kind, message.task, { backend, startedAt, resume: message.resume ?? undefined, reporter });
}
