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
  if (err instanceof TemporalUnavailableError) {
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: err.message, cause: err });
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error', cause: err });
}
