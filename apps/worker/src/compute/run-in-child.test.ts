// A real compute child: a task that fails for its input ends as a non-retryable failure typed by kind, with details.
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { DatasetRef, ModelArch, TrainConfig } from '@distillery/schemas';
import { runInChild } from './run-in-child.js';

describe('runInChild', () => {
  it('turns a missing data set into a not-found ApplicationFailure naming the spec field', async () => {
    const run = runInChild(
      {
        kind: 'train',
        stage: 'train model',
        arch: ModelArch.parse({ family: 'mlp', hidden: [4] }),
        dataset: DatasetRef.parse({ name: 'no-such-dataset' }),
        uploadsDir: '/nonexistent',
        config: TrainConfig.parse({ maxSteps: 1 }),
        distill: null,
        checkpointDir: '/nonexistent/checkpoints',
        outputDir: '/nonexistent/model',
      },
      { backend: 'cpu', resume: undefined, signal: new AbortController().signal, onProgress: () => undefined, onCheckpoint: () => undefined },
    );
    const failure = await run.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    const { type, nonRetryable, details, message } = failure as ApplicationFailure;
    expect({ type, nonRetryable, details }).toEqual({ type: 'not-found', nonRetryable: true, details: [{ kind: 'not-found', field: ['dataset'] }] });
    expect(message).toContain('dataset "no-such-dataset" not found');
  });
});
