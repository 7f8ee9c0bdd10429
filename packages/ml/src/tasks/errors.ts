// Failures of a job step that a retry cannot fix, each carrying the structured details of the failure contract.
import { fieldPath, type FailureDetails } from '@distillery/schemas';

/** The job's input does not fit (shapes, a classifier on a text corpus, a corpus too short): kind `invalid-input`. */
export class JobInputError extends Error {
  override readonly name = 'JobInputError';
  readonly failure: FailureDetails;
  /** `field` is the spec field at fault, dotted (`student.context`); the message still starts with it, as users read it. */
  constructor(message: string, field?: string) {
    super(message);
    this.failure = { kind: 'invalid-input', ...(field === undefined ? {} : { field: fieldPath(field) }) };
  }
}

/** A model over the size a step may load (measurement's memory budget): kind `limit-exceeded`, in bytes. */
export class ModelTooLargeError extends Error {
  override readonly name = 'ModelTooLargeError';
  readonly failure: FailureDetails;
  constructor(
    readonly modelDir: string,
    readonly sizeBytes: number,
    readonly maxBytes: number,
  ) {
    super(`model at ${modelDir} is ${sizeBytes} bytes, over the ${maxBytes}-byte limit for measurement`);
    this.failure = { kind: 'limit-exceeded', limit: maxBytes, actual: sizeBytes, unit: 'bytes' };
  }
}
