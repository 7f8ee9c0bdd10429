// Unit tests of which compute errors a retry cannot fix, and the failure details each carries across the IPC channel.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DatasetNotFoundError, JobInputError, ModelTooLargeError, NonFiniteLossError, UploadFormatError } from '@distillery/ml';
import { JobFailure } from '@distillery/schemas';
import { describeFailure } from './failures.js';

describe('describeFailure', () => {
  it('sends the failure contract of errors a retry cannot fix, keeping their message', () => {
    expect(describeFailure(new JobInputError('student.context: 32 is longer than the teacher\'s context 16', 'student.context'))).toEqual({
      message: "student.context: 32 is longer than the teacher's context 16",
      errorType: 'JobInputError',
      details: { kind: 'invalid-input', field: ['student', 'context'] },
    });
    expect(describeFailure(new DatasetNotFoundError('nope', 'calibration')).details).toEqual({ kind: 'not-found', field: ['calibration'] });
    expect(describeFailure(new NonFiniteLossError(3, Number.NaN)).details?.kind).toBe('diverged');
    expect(describeFailure(new UploadFormatError('line 2: label: required', 2, 'label')).details).toEqual({ kind: 'invalid-input' });
    expect(describeFailure(new ModelTooLargeError('/m', 3000, 2048)).details).toEqual({ kind: 'limit-exceeded', limit: 2048, actual: 3000, unit: 'bytes' });
    expect(describeFailure(new JobFailure('not-found', 'teacher.modelId: gone', { field: ['teacher', 'modelId'] })).details).toEqual({
      kind: 'not-found',
      field: ['teacher', 'modelId'],
    });
  });

  it('reads a ZodError as invalid input at its first issue', () => {
    const parsed = z.object({ train: z.object({ batchSize: z.number() }) }).safeParse({ train: { batchSize: 'x' } });
    expect(parsed.success).toBe(false);
    expect(describeFailure(parsed.error).details).toEqual({ kind: 'invalid-input', field: ['train', 'batchSize'] });
  });

  it('leaves anything else retryable: no details', () => {
    expect(describeFailure(new Error('ECONNRESET'))).toEqual({ message: 'ECONNRESET', errorType: 'Error', details: null });
    expect(describeFailure('out of memory')).toEqual({ message: 'out of memory', errorType: 'Error', details: null });
  });
});
