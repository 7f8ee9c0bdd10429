// Which compute errors a retry cannot fix: they end the job `failed` with the error's message.
import type { ChildMessage } from './protocol.js';

/** Thrown by tasks for a problem in the job's input (shapes that do not fit, a model over the size limit). */
export class JobInputError extends Error {
  override readonly name = 'JobInputError';
}

/** Error names (from @distillery/ml and this worker) that mean "the same input will fail the same way". */
const NON_RETRYABLE_ERROR_NAMES = new Set([
  'JobInputError',
  'DatasetNotFoundError',
  'UnknownDatasetError',
  'DatasetError',
  'NonFiniteLossError',
  'BackendUnavailableError',
  'ModelTooLargeError',
  'ZodError',
  'UploadFormatError',
]);

export function isNonRetryable(error: unknown): boolean {
  return error instanceof Error && NON_RETRYABLE_ERROR_NAMES.has(error.name);
}

export function describeFailure(error: unknown): Omit<Extract<ChildMessage, { type: 'error' }>, 'type'> {
  if (error instanceof Error) {
    return { message: error.message.slice(0, 3900), errorType: error.name, nonRetryable: isNonRetryable(error) };
  }
  return { message: String(error).slice(0, 3900), errorType: 'Error', nonRetryable: false };
}
