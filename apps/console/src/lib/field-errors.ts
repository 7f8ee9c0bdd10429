// Field errors keyed by dotted path, from a zod issue list (client side) or the API's flattened BAD_REQUEST.
import { fieldErrorsFromIssues, type FieldErrors } from '@distillery/schemas';

export { fieldErrorsFromIssues, type FieldErrors };

/**
 * The API reports paths from the submit input (`spec.train.epochs`); the form's paths are relative to the spec.
 * Returns null when the error carries no field errors.
 */
export function fieldErrorsFromApi(error: unknown, prefix = 'spec'): FieldErrors | null {
  const data = (error as { data?: { fieldErrors?: unknown } } | null)?.data;
  const raw = data?.fieldErrors;
  if (!raw || typeof raw !== 'object') return null;
  const errors: FieldErrors = {};
  for (const [path, messages] of Object.entries(raw as Record<string, unknown>)) {
    if (!Array.isArray(messages)) continue;
    const relative = path === prefix ? '' : path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : path;
    (errors[relative] ??= []).push(...messages.map(String));
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

/** A readable message from any error the client throws. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Something went wrong';
}
