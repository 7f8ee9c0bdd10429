// Domain errors raised by services, and their single mapping onto tRPC error codes and field errors (cause kept).
import {
  FailureDetails,
  fieldErrorsFromIssues,
  isFailureKind,
  isSpecProblem,
  JobFailure,
  type FailureKind,
  type FieldErrors,
} from '@distillery/schemas';
import { ConflictError, InvalidCursorError, NotFoundError } from '@distillery/store';
import type { ApplicationFailure } from '@temporalio/client';
import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';

/** Temporal could not be reached (connect failed, or a call ran past its deadline). */
export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
  constructor(
    readonly address: string,
    options?: { cause?: unknown },
  ) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`Temporal is unreachable at ${address}${reason}`, options);
  }
}

/** The request is valid but the resource is in the wrong state for it (e.g. cancelling a finished job). */
export class PreconditionFailedError extends Error {
  override readonly name = 'PreconditionFailedError';
}

/** A worker could not produce a pre-run estimate (none polls the queue, none answered in time, or it failed). */
export class EstimateUnavailableError extends Error {
  override readonly name = 'EstimateUnavailableError';
}

/**
 * The tRPC code of each failure kind a worker reports (packages/schemas failures.ts). Spec problems are the
 * sender's to fix (400, with the field named); the others are this worker's inability, not the spec's fault.
 */
export const FAILURE_KIND_CODES = {
  'invalid-input': 'BAD_REQUEST',
  'not-found': 'BAD_REQUEST',
  'limit-exceeded': 'BAD_REQUEST',
  diverged: 'SERVICE_UNAVAILABLE',
  'backend-unavailable': 'SERVICE_UNAVAILABLE',
} as const satisfies Record<FailureKind, TRPC_ERROR_CODE_KEY>;

/**
 * A worker's ApplicationFailure under the failure contract (`type` a FailureKind, `details[0]` its FailureDetails)
 * as a JobFailure, or null when its type is no FailureKind. A failure that carries no valid details keeps its kind,
 * so it still maps to the right code; its message then belongs to the spec as a whole.
 */
export function jobFailureOf(
  failure: ApplicationFailure,
  options: { message?: string; cause?: unknown } = {},
): JobFailure | null {
  const kind = failure.type;
  if (!isFailureKind(kind)) return null;
  const parsed = FailureDetails.safeParse(failure.details?.[0]);
  const { kind: _kind, ...details } = parsed.success && parsed.data.kind === kind ? parsed.data : { kind };
  return new JobFailure(kind, options.message ?? failure.message, details, { cause: options.cause ?? failure });
}

export function toTRPCError(err: unknown): TRPCError {
  if (err instanceof TRPCError) return err;
  if (err instanceof NotFoundError)
    return new TRPCError({ code: 'NOT_FOUND', message: err.message, cause: err });
  if (err instanceof ConflictError)
    return new TRPCError({ code: 'CONFLICT', message: err.message, cause: err });
  if (err instanceof InvalidCursorError)
    return new TRPCError({ code: 'BAD_REQUEST', message: err.message, cause: err });
  if (err instanceof PreconditionFailedError) {
    return new TRPCError({ code: 'PRECONDITION_FAILED', message: err.message, cause: err });
  }
  if (err instanceof JobFailure) {
    return new TRPCError({ code: FAILURE_KIND_CODES[err.details.kind], message: err.message, cause: err });
  }
  if (err instanceof EstimateUnavailableError) {
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: err.message, cause: err });
  }
  if (err instanceof TemporalUnavailableError) {
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: err.message, cause: err });
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error', cause: err });
}

/**
 * Messages per dotted input path (`spec.train.epochs`) for a BAD_REQUEST, so a form can show them per field: the
 * input's validation issues, or a spec problem a worker found at `spec.<details.field>` (at `spec` with no field).
 * Null for every other error.
 */
export function fieldErrorsOf(error: TRPCError): FieldErrors | null {
  if (error.code !== 'BAD_REQUEST') return null;
  const cause = error.cause;
  if (cause instanceof JobFailure) {
    if (!isSpecProblem(cause.details.kind)) return null;
    return fieldErrorsFromIssues([{ path: cause.details.field ?? [], message: cause.message }], ['spec']);
  }
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return null;
  return fieldErrorsFromIssues(issues as { path: PropertyKey[]; message: string }[]);
}

/** The structured details (kind, field, limit, hint) of a worker's failure behind an error; null for any other. */
export function failureOf(error: TRPCError): FailureDetails | null {
  return error.cause instanceof JobFailure ? error.cause.details : null;
}
