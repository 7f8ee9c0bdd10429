// Unit test of the registry lookup every model step starts with: a missing model is `not-found` at its spec field.
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { Artifact } from '@distillery/schemas';
import type { ActivityDeps } from './deps.js';
import { requireModel } from './registry.js';

/** Only the lookup is exercised, so the store answers getArtifact alone. */
const depsWith = (artifact: Partial<Artifact> | null): ActivityDeps => ({ store: { getArtifact: async () => artifact } }) as unknown as ActivityDeps;

async function failureOf(run: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await run.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('requireModel', () => {
  it('fails a model missing from the registry as not-found, with the spec field in its details', async () => {
    const failure = await failureOf(requireModel(depsWith(null), 'art_x', 'models.1.modelId'));
    expect(failure.message).toBe('models.1.modelId: model art_x is not in the registry');
    expect({ type: failure.type, nonRetryable: failure.nonRetryable, details: failure.details }).toEqual({
      type: 'not-found',
      nonRetryable: true,
      details: [{ kind: 'not-found', field: ['models', '1', 'modelId'] }],
    });
  });

  it('fails an artifact that is not a model the same way, and leaves the field out when no spec field names it', async () => {
    const failure = await failureOf(requireModel(depsWith({ id: 'art_a', kind: 'adapter' }), 'art_a', 'distilled student', null));
    expect(failure.message).toBe('distilled student: artifact art_a is a adapter, not a model');
    expect(failure.details).toEqual([{ kind: 'not-found' }]);
  });
});
