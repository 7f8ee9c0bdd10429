// Flattens validation issues into messages per dotted field path ("spec.train.epochs"), for forms and CLIs.

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

/** Key used for issues about the input as a whole rather than one field. */
export const ROOT_FIELD = '(root)';

export type FieldErrors = Record<string, string[]>;

export function fieldErrorsFromIssues(
  issues: readonly IssueLike[],
  prefix: readonly PropertyKey[] = [],
): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const parts = [...prefix, ...issue.path].map((p) =>
      typeof p === 'symbol' ? (p.description ?? '') : String(p),
    );
    const key = parts.length ? parts.join('.') : ROOT_FIELD;
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Lines like `spec.train.epochs: Too big: expected number to be <=200`, one per message. */
export function formatFieldErrors(errors: FieldErrors): string[] {
  return Object.entries(errors).flatMap(([field, messages]) => messages.map((m) => `${field}: ${m}`));
}
