// Domain errors raised by services, and their single mapping onto tRPC error codes (cause kept).
import { ConflictError, InvalidCursorError, NotFoundError } from '@distillery/store';
import { TRPCError } from '@trpc/server';

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
 * The worker found the spec cannot run (a model or data set it names is missing). Messages from the worker start
 * with the spec field (`teacher.modelId: model m_1 is not in the registry`); `issues` carries it per field, in the
 * shape the error formatter flattens for forms.
 */
export class SpecRejectedError extends Error {
  override readonly name = 'SpecRejectedError';
  readonly issues: { path: string[]; message: string }[];
  constructor(workerMessage: string, options?: { cause?: unknown }) {
    super(workerMessage, options);
    const match = /^([A-Za-z][\w.[\]]*): (.+)$/s.exec(workerMessage);
    const path = match?.[1] ? match[1].replace(/\[(\d+)\]/g, '.$1').split('.') : [];
    this.issues = [{ path: ['spec', ...path], message: match?.[2] ?? workerMessage }];
  }
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
  if (err instanceof SpecRejectedError)
    return new TRPCError({ code: 'BAD_REQUEST', message: err.message, cause: err });
  if (err instanceof EstimateUnavailableError) {
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: err.message, cause: err });
  }
  if (err instanceof TemporalUnavailableError) {
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: err.message, cause: err });
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error', cause: err });
}
