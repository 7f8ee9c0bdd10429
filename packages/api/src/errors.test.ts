// The one failure mapping: a worker's failure kind picks the tRPC code, its details' field the form field.
import { FAILURE_KINDS, isSpecProblem, type FailureDetails } from '@distillery/schemas';
import { ApplicationFailure } from '@temporalio/client';
import { getErrorShape, TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { FAILURE_KIND_CODES, fieldErrorsOf, jobFailureOf, toTRPCError } from './errors.js';
import { appRouter } from './routers/_app.js';

function workerFailure(type: string, message: string, details?: unknown[]): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, ...(details ? { details } : {}) });
}

/** What a client receives: the router's own error formatter applied to the mapped error. */
function shapeOf(failure: ApplicationFailure) {
  const error = toTRPCError(jobFailureOf(failure));
  const shape = getErrorShape({
    config: appRouter._def._config,
    error,
    type: 'query',
    path: 'jobs.estimate',
    input: undefined,
    ctx: undefined,
  });
  return shape.data as { code: string; httpStatus: number; fieldErrors: unknown; failure: unknown };
}

describe('the failure mapping', () => {
  it('answers BAD_REQUEST with the message at spec.<field> when the worker names the field', () => {
    const details: FailureDetails = { kind: 'not-found', field: ['teacher', 'modelId'], hint: 'list models with `distillery models`' };
    const message = 'teacher.modelId: model art_0123 is not in the registry';
    const data = shapeOf(workerFailure('not-found', message, [details]));
    expect(data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(data.fieldErrors).toEqual({ 'spec.teacher.modelId': [message] });
    expect(data.failure).toEqual(details);
  });

  it('puts an indexed field at its dotted path, as zod issues are', () => {
    const details: FailureDetails = { kind: 'limit-exceeded', field: ['models', '0', 'arch'], limit: 1e6, actual: 2e6, unit: 'parameters' };
    const data = shapeOf(workerFailure('limit-exceeded', 'the model has 2000000 parameters, over 1000000', [details]));
    expect(data.code).toBe('BAD_REQUEST');
    expect(Object.keys(data.fieldErrors as object)).toEqual(['spec.models.0.arch']);
    expect(data.failure).toMatchObject({ limit: 1e6, actual: 2e6 });
  });

  it('maps a kind sent without details to the same code, with the message on the spec as a whole', () => {
    const data = shapeOf(workerFailure('invalid-input', 'a classifier needs labelled rows, not a text corpus'));
    expect(data.code).toBe('BAD_REQUEST');
    expect(data.fieldErrors).toEqual({ spec: ['a classifier needs labelled rows, not a text corpus'] });
    expect(data.failure).toEqual({ kind: 'invalid-input' });
  });

  it('ignores details that are malformed or of another kind, and keeps the type as the kind', () => {
    for (const details of [[{ kind: 'not-found', field: 'teacher.modelId' }], [{ kind: 'diverged', field: ['x'] }], ['text']]) {
      const failure = jobFailureOf(workerFailure('not-found', 'model m is missing', details));
      expect(failure?.details).toEqual({ kind: 'not-found' });
      expect(fieldErrorsOf(toTRPCError(failure))).toEqual({ spec: ['model m is missing'] });
    }
  });

  it('never reads the field from the message', () => {
    const failure = jobFailureOf(workerFailure('not-found', 'teacher.modelId: model m is not in the registry'));
    expect(fieldErrorsOf(toTRPCError(failure))).toEqual({ spec: ['teacher.modelId: model m is not in the registry'] });
  });

  it('maps every kind once: spec problems to BAD_REQUEST with field errors, the rest to SERVICE_UNAVAILABLE without', () => {
    for (const kind of FAILURE_KINDS) {
      const data = shapeOf(workerFailure(kind, `${kind} happened`, [{ kind, field: ['train', 'epochs'] }]));
      expect(data.code, kind).toBe(FAILURE_KIND_CODES[kind]);
      if (isSpecProblem(kind)) {
        expect(data.code, kind).toBe('BAD_REQUEST');
        expect(data.fieldErrors, kind).toEqual({ 'spec.train.epochs': [`${kind} happened`] });
      } else {
        expect(data.code, kind).toBe('SERVICE_UNAVAILABLE');
        expect(data.fieldErrors, kind).toBeNull();
      }
    }
  });

  it('leaves failures whose type is no failure kind to the caller', () => {
    expect(jobFailureOf(workerFailure('ModelNotFound', 'teacher.modelId: gone'))).toBeNull();
    expect(jobFailureOf(ApplicationFailure.create({ message: 'no type' }))).toBeNull();
  });

  it('keeps the worker failure as the cause and zod validation issues as field errors', () => {
    const failure = workerFailure('not-found', 'gone', [{ kind: 'not-found' }]);
    expect(toTRPCError(jobFailureOf(failure)).cause?.cause).toBe(failure);
    const invalidInput = new TRPCError({
      code: 'BAD_REQUEST',
      cause: Object.assign(new Error('invalid'), { issues: [{ path: ['spec', 'train', 'epochs'], message: 'Too big' }] }),
    });
    expect(fieldErrorsOf(invalidInput)).toEqual({ 'spec.train.epochs': ['Too big'] });
  });
});
