'use client';
// Shares the spec draft, its setter and the current field errors with every field of the job form.
import { createContext, useContext } from 'react';
import type { FieldErrors } from '../../lib/field-errors';
import { getAtPath, type SpecDraft } from '../../lib/spec-paths';

export interface SpecFormState {
  draft: SpecDraft;
  errors: FieldErrors;
  setValue: (path: string, value: unknown) => void;
}

export const SpecFormContext = createContext<SpecFormState | null>(null);

export function useSpecForm(): SpecFormState {
  const state = useContext(SpecFormContext);
  if (!state) throw new Error('spec fields must be inside <SpecFormContext.Provider>');
  return state;
}

/** The DOM id of the input for a spec path, also the target of links in the error summary. */
export const fieldId = (path: string): string => `spec-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The value at `path` and the errors for it or anything beneath it (e.g. `hidden.1` for the `hidden` list). */
export function useField(path: string): { value: unknown; errors: string[]; set: (value: unknown) => void } {
  const { draft, errors, setValue } = useSpecForm();
  const own: string[] = [];
  for (const [errorPath, messages] of Object.entries(errors)) {
    if (errorPath === path || errorPath.startsWith(`${path}.`)) own.push(...messages);
  }
  return { value: getAtPath(draft, path), errors: own, set: (value) => setValue(path, value) };
}
