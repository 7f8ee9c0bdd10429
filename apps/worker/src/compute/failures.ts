// Which compute errors a retry cannot fix: those carrying the failure contract's details. They end the job `failed`.
import { ZodError } from 'zod';
import { failureDetailsOf, type FailureDetails } from '@distillery/schemas';
import type { TaskFailure } from './protocol.js';

/** Longest message sent over IPC; Temporal keeps failure messages short too. */
const MAX_MESSAGE_CHARS = 3900;

/**
 * The structured details of a failure a retry cannot fix, or null for a transient one. A ZodError is input that
 * does not parse: `invalid-input` at its first issue's path.
 */
export function failureDetails(error: unknown): FailureDetails | null {
  const details = failureDetailsOf(error);
  if (details !== null) return details;
  if (error instanceof ZodError) {
    const path = error.issues[0]?.path ?? [];
    return { kind: 'invalid-input', ...(path.length === 0 ? {} : { field: path.slice(0, 16).map((part) => String(part).slice(0, 128)) }) };
  }
  return null;
}

export function describeFailure(error: unknown): TaskFailure {
  if (error instanceof Error) {
    return { message: error.message.slice(0, MAX_MESSAGE_CHARS), errorType: error.name, details: failureDetails(error) };
  }
  return { message: String(error).slice(0, MAX_MESSAGE_CHARS), errorType: 'Error', details: null };
}
