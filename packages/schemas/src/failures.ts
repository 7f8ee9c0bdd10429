// The one failure contract between the worker, the workflow and the API: a kind, a message a user can act on, and
// structured details (field path, limit, hint). It travels as a Temporal ApplicationFailure whose `type` is the kind
// and whose first detail is `FailureDetails`; the API maps the kind to a tRPC code once, and never parses messages.
import { z } from 'zod';

export const FAILURE_KINDS = [
  /** The spec or its data does not fit (shapes, a classifier on a text corpus, an empty split). */
  'invalid-input',
  /** Something the spec names is missing: a registered model, a data set, an upload. */
  'not-found',
  /** A size over a configured limit (model bytes, parameters, memory, time, cost). */
  'limit-exceeded',
  /** Training diverged (a non-finite loss): the same spec with the same seed diverges again. */
  'diverged',
  /** The compute backend the worker was told to use does not load here. */
  'backend-unavailable',
] as const;
export const FailureKind = z.enum(FAILURE_KINDS);
export type FailureKind = z.infer<typeof FailureKind>;

export const FailureDetails = z.object({
  kind: FailureKind,
  /** The spec field the failure is about, as a path below the spec: `["teacher", "modelId"]`, `["models", "0"]`. */
  field: z.array(z.string().max(128)).max(16).optional(),
  /** For `limit-exceeded`: the limit and the figure that went over it, in the same unit. */
  limit: z.number().optional(),
  actual: z.number().optional(),
  unit: z.string().max(32).optional(),
  /** What a user can do about it. */
  hint: z.string().max(500).optional(),
});
export type FailureDetails = z.infer<typeof FailureDetails>;

/** Every failure kind is non-retryable: the same input fails the same way. Transient problems are plain errors. */
export function isFailureKind(type: string | null | undefined): type is FailureKind {
  return FailureKind.safeParse(type).success;
}

/** Kinds that say the spec cannot run as written: a 400 for whoever sent it, not a fault of the platform. */
export function isSpecProblem(kind: FailureKind): boolean {
  return kind === 'invalid-input' || kind === 'not-found' || kind === 'limit-exceeded';
}

/**
 * Thrown by library and worker code for a failure a retry cannot fix. The worker turns it into a non-retryable
 * ApplicationFailure carrying `details`; code that only has the error's name (across a process boundary) reads
 * the same from `toFailureDetails`.
 */
export class JobFailure extends Error {
  override readonly name = 'JobFailure';
  readonly details: FailureDetails;
  constructor(kind: FailureKind, message: string, details: Omit<FailureDetails, 'kind'> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.details = { kind, ...details };
  }
}

/** The structured details of an error that carries them (a JobFailure, or one with a `failure` of that shape). */
export function failureDetailsOf(error: unknown): FailureDetails | null {
  if (error instanceof JobFailure) return error.details;
  const failure = (error as { failure?: unknown } | null | undefined)?.failure;
  const parsed = FailureDetails.safeParse(failure);
  return parsed.success ? parsed.data : null;
}

/** Splits a dotted field with array indices (`models[0].modelId`) into a path (`["models", "0", "modelId"]`). */
export function fieldPath(field: string): string[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((part) => part !== '');
}
