import { describe, expect, it } from 'vitest';
import { plainFailureReason } from './failure-reason';

describe('plainFailureReason', () => {
  it('drops Temporal wrappers and the stack trace', () => {
    const raw = 'ActivityFailure: ApplicationFailure: dataset "no-such-set" does not exist; built-in sets are mnist, sotu\n    at load (/app/x.ts:1:1)';
    expect(plainFailureReason(raw)).toBe('Dataset "no-such-set" does not exist; built-in sets are mnist, sotu');
  });
  it('says so when no reason was recorded', () => {
    expect(plainFailureReason(null)).toBe('The job failed without recording a reason.');
    expect(plainFailureReason('Error: ')).toBe('The job failed without recording a reason.');
  });
});
