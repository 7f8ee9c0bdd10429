import { describe, expect, it } from 'vitest';
import { JobSpec } from '@distillery/schemas';
import { fieldErrorsFromApi, fieldErrorsFromIssues } from './field-errors';

describe('field errors', () => {
  it('keys schema issues by dotted path relative to the spec', () => {
    const parsed = JobSpec.safeParse({
      kind: 'benchmark',
      models: [{ type: 'recipe', arch: { family: 'mlp', hidden: [32] }, train: { epochs: 0 } }],
      dataset: { name: 'mnist' },
    });
    expect(parsed.success).toBe(false);
    const errors = fieldErrorsFromIssues(parsed.error?.issues ?? []);
    expect(Object.keys(errors)).toEqual(['models.0.train.epochs']);
    expect(errors['models.0.train.epochs']?.[0]).toMatch(/>=\s*1/);
  });

  it('strips the submit input prefix from the API error', () => {
    const apiError = { data: { code: 'BAD_REQUEST', fieldErrors: { 'spec.train.epochs': ['Too small'], idempotencyKey: ['bad'] } } };
    expect(fieldErrorsFromApi(apiError)).toEqual({ 'train.epochs': ['Too small'], idempotencyKey: ['bad'] });
    expect(fieldErrorsFromApi(new Error('network down'))).toBeNull();
    expect(fieldErrorsFromApi({ data: { fieldErrors: {} } })).toBeNull();
  });
});
