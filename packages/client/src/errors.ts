// Reading API errors: the tRPC code, and the per-field messages the API attaches to BAD_REQUEST.
import type { FieldErrors } from '@distillery/schemas';
import { formatFieldErrors } from '@distillery/schemas';
import { TRPCClientError } from '@trpc/client';

interface ErrorData {
  code?: string;
  httpStatus?: number;
  fieldErrors?: FieldErrors | null;
}

function dataOf(err: unknown): ErrorData | undefined {
  return err instanceof TRPCClientError
    ? ((err as TRPCClientError<never>).data as ErrorData | undefined)
    : undefined;
}

/** Messages per dotted field path (`spec.train.epochs`) when the API rejected the input; else null. */
export function fieldErrorsOf(err: unknown): FieldErrors | null {
  return dataOf(err)?.fieldErrors ?? null;
}

/** One human line (plus one per bad field), e.g. `BAD_REQUEST: ...\n  spec.train.epochs: Too big ...`. */
export function describeError(err: unknown): string {
  const data = dataOf(err);
  const message = err instanceof Error ? err.message : String(err);
  const fields = data?.fieldErrors ? formatFieldErrors(data.fieldErrors) : [];
  const head = data?.code
    ? `${data.code}: ${data.code === 'BAD_REQUEST' && fields.length ? 'invalid input' : message}`
    : message;
  return [head, ...fields.map((f) => `  ${f}`)].join('\n');
}
