// The pre-run cost estimate: runs the estimate workflow on the spec's device queue and waits briefly for a worker's answer.
import { randomUUID } from 'node:crypto';
import { CostEstimate, isFailureKind, isSpecProblem, type JobSpec } from '@distillery/schemas';
import {
  ESTIMATE_ACTIVITY_TIMEOUT_SECONDS,
  ESTIMATE_WORKFLOW,
  taskQueueFor,
  type EstimateWorkflowInput,
} from '@distillery/workflows';
import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  WorkflowFailedError,
  type Client,
} from '@temporalio/client';
import { EstimateUnavailableError, jobFailureOf } from '../errors.js';
import type { TemporalGateway } from '../temporal-gateway.js';

/** A worker must answer within this; a user is waiting on a form. */
export const ESTIMATE_TIMEOUT_SECONDS = ESTIMATE_ACTIVITY_TIMEOUT_SECONDS + 3;

/** True when at least one worker has polled the queue recently; a queue nobody polls would only time out. */
async function hasWorker(client: Client, namespace: string, taskQueue: string): Promise<boolean> {
  const answer = await client.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue },
    // 1 = TASK_QUEUE_TYPE_WORKFLOW: the estimate starts with a workflow task.
    taskQueueType: 1,
  });
  return (answer.pollers?.length ?? 0) > 0;
}

export async function estimateSpec(
  deps: { temporal: TemporalGateway },
  spec: JobSpec,
): Promise<CostEstimate> {
  const { temporal } = deps;
  const taskQueue = taskQueueFor(spec.device, temporal.taskQueuePrefix);
  const input: EstimateWorkflowInput = { spec };
  let result: unknown;
  try {
    result = await temporal.call(
      async (client) => {
        if (!(await hasWorker(client, temporal.namespace, taskQueue))) {
          throw new EstimateUnavailableError(
            `no ${spec.device} worker is polling task queue ${taskQueue}; start one to get an estimate (the job can still be submitted and will wait for it)`,
          );
        }
        // Typed by name only: the answer is parsed below, so it is `unknown` until then.
        return client.workflow.execute<(input: EstimateWorkflowInput) => Promise<unknown>>(ESTIMATE_WORKFLOW, {
          workflowId: `estimate-${randomUUID()}`,
          taskQueue,
          args: [input],
          // The server ends the run itself if no worker takes it, so nothing is left behind when we stop waiting.
          workflowExecutionTimeout: `${ESTIMATE_TIMEOUT_SECONDS}s`,
        });
      },
      // Longer than the workflow's own timeout, so a silent worker reads as "no answer", not as Temporal being down.
      { timeoutMs: (ESTIMATE_TIMEOUT_SECONDS + 5) * 1000 },
    );
  } catch (err) {
    throw explainEstimateFailure(err, taskQueue);
  }
  return CostEstimate.parse(result);
}

/**
 * What a failed estimate means for the caller: a failure under the contract keeps its kind (a spec problem names the
 * field; another kind says this worker could not do it), a timeout is "no answer", anything else is unavailable.
 */
export function explainEstimateFailure(err: unknown, taskQueue: string): unknown {
  if (!(err instanceof WorkflowFailedError)) return err;
  const cause = err.cause;
  const noAnswer = new EstimateUnavailableError(
    `no worker on task queue ${taskQueue} answered within ${ESTIMATE_TIMEOUT_SECONDS} s; the workers may be busy or stopped`,
    { cause: err },
  );
  if (cause instanceof TimeoutFailure) return noAnswer;
  // The activity's failure, or the workflow's own.
  const inner = cause instanceof ActivityFailure ? cause.cause : cause;
  if (inner instanceof TimeoutFailure) return noAnswer;
  if (inner instanceof ApplicationFailure && isFailureKind(inner.type)) {
    const message = isSpecProblem(inner.type)
      ? inner.message
      : `the worker could not estimate this spec: ${inner.message}`;
    return jobFailureOf(inner, { message, cause: err });
  }
  if (cause instanceof ActivityFailure && inner) {
    return new EstimateUnavailableError(`the worker could not estimate this spec: ${inner.message}`, {
      cause: err,
    });
  }
  return new EstimateUnavailableError(`the estimate failed: ${err.message}`, { cause: err });
}
