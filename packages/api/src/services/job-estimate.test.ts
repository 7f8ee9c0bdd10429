// How a failed estimate workflow reads to the caller: contract failures keep their kind, the rest is "unavailable".
import { JobFailure } from '@distillery/schemas';
import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  WorkflowFailedError,
} from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { EstimateUnavailableError, toTRPCError } from '../errors.js';
import { explainEstimateFailure } from './job-estimate.js';

const QUEUE = 'distillery-cpu';

function failedEstimate(cause: Error, { inActivity = true } = {}): WorkflowFailedError {
  const activityFailure = new ActivityFailure('activity failed', 'estimateSpec', '1', 'NON_RETRYABLE_FAILURE', 'worker', cause);
  return new WorkflowFailedError('Workflow execution failed', inActivity ? activityFailure : cause, 'NON_RETRYABLE_FAILURE');
}

describe('explainEstimateFailure', () => {
  it('turns a spec problem from the worker into BAD_REQUEST with its message and field', () => {
    const message = 'teacher.modelId: model art_1 is not in the registry';
    const failure = ApplicationFailure.create({
      type: 'not-found',
      message,
      nonRetryable: true,
      details: [{ kind: 'not-found', field: ['teacher', 'modelId'] }],
    });
    const explained = explainEstimateFailure(failedEstimate(failure), QUEUE);
    expect(explained).toBeInstanceOf(JobFailure);
    expect((explained as JobFailure).details.field).toEqual(['teacher', 'modelId']);
    expect(toTRPCError(explained)).toMatchObject({ code: 'BAD_REQUEST', message });
  });

  it('says the worker could not estimate, with SERVICE_UNAVAILABLE, for a kind that is not the fault of the spec', () => {
    const failure = ApplicationFailure.create({ type: 'backend-unavailable', message: 'webgpu does not load here', nonRetryable: true });
    const error = toTRPCError(explainEstimateFailure(failedEstimate(failure), QUEUE));
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message).toBe('the worker could not estimate this spec: webgpu does not load here');
  });

  it('maps a kind the workflow itself failed with, not only one from an activity', () => {
    const failure = ApplicationFailure.create({ type: 'invalid-input', message: 'nothing to estimate', nonRetryable: true });
    expect(toTRPCError(explainEstimateFailure(failedEstimate(failure, { inActivity: false }), QUEUE)).code).toBe('BAD_REQUEST');
  });

  it('answers SERVICE_UNAVAILABLE for a failure outside the contract and for a worker that never answered', () => {
    const crash = ApplicationFailure.create({ type: 'Error', message: 'child process exited' });
    const crashed = explainEstimateFailure(failedEstimate(crash), QUEUE);
    expect(crashed).toBeInstanceOf(EstimateUnavailableError);
    expect((crashed as Error).message).toBe('the worker could not estimate this spec: child process exited');

    const timeout = new TimeoutFailure('timed out', undefined, 'START_TO_CLOSE');
    for (const silent of [failedEstimate(timeout), failedEstimate(timeout, { inActivity: false })]) {
      const error = toTRPCError(explainEstimateFailure(silent, QUEUE));
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.message).toMatch(/^no worker on task queue distillery-cpu answered within \d+ s/);
    }
  });

  it('passes errors that are no workflow failure through unchanged', () => {
    const down = new Error('connect ECONNREFUSED');
    expect(explainEstimateFailure(down, QUEUE)).toBe(down);
  });
});
