'use client';
// Form controls bound to a spec path: each shows its label, hint and its own errors beside the input.
import { useEffect, useState, type ReactNode } from 'react';
import { parseNumberList } from '../../lib/number-list';
import { fieldId, useField } from './form-context';

function FieldFrame({
  path,
  label,
  hint,
  errors,
  children,
}: {
  path: string;
  label: string;
  hint?: string | undefined;
  errors: string[];
  children: ReactNode;
}) {
  const id = fieldId(path);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {errors.length > 0 ? (
        <p id={`${id}-error`} className="field-error">
          {errors.join('; ')}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(path: string, hint: string | undefined, errors: string[]): string | undefined {
  const id = fieldId(path);
  const ids = [hint ? `${id}-hint` : null, errors.length > 0 ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

interface BaseProps {
  path: string;
  label: string;
  hint?: string;
}

export function TextField({ path, label, hint, placeholder }: BaseProps & { placeholder?: string }) {
  const field = useField(path);
  return (
    <FieldFrame path={path} label={label} hint={hint} errors={field.errors}>
      <input
        id={fieldId(path)}
        type="text"
        value={typeof field.value === 'string' ? field.value : ''}
        placeholder={placeholder}
        onChange={(e) => field.set(e.target.value === '' ? undefined : e.target.value)}
        aria-invalid={field.errors.length > 0 || undefined}
        aria-describedby={describedBy(path, hint, field.errors)}
      />
    </FieldFrame>
  );
}

/** Empty means "not set", so the schema's default applies. */
export function NumberField({ path, label, hint, step = 'any', placeholder }: BaseProps & { step?: string; placeholder?: string }) {
  const field = useField(path);
  return (
    <FieldFrame path={path} label={label} hint={hint} errors={field.errors}>
      <input
        id={fieldId(path)}
        type="number"
        inputMode="decimal"
        step={step}
        placeholder={placeholder}
        value={typeof field.value === 'number' && Number.isFinite(field.value) ? field.value : ''}
        onChange={(e) => field.set(e.target.value === '' ? undefined : Number(e.target.value))}
        aria-invalid={field.errors.length > 0 || undefined}
        aria-describedby={describedBy(path, hint, field.errors)}
      />
    </FieldFrame>
  );
}

export function SelectField({
  path,
  label,
  hint,
  options,
  optional = false,
  defaultValue,
}: BaseProps & { options: readonly (string | { value: string; label: string })[]; optional?: boolean; defaultValue?: string }) {
  const field = useField(path);
  return (
    <FieldFrame path={path} label={label} hint={hint} errors={field.errors}>
      <select
        id={fieldId(path)}
        value={typeof field.value === 'string' ? field.value : ''}
        onChange={(e) => field.set(e.target.value === '' ? undefined : e.target.value)}
        aria-invalid={field.errors.length > 0 || undefined}
        aria-describedby={describedBy(path, hint, field.errors)}
      >
        {optional || typeof field.value !== 'string' ? <option value="">{defaultValue ? `(default: ${defaultValue})` : '(default)'}</option> : null}
        {options.map((option) => {
          const { value, label: text } = typeof option === 'string' ? { value: option, label: option } : option;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
    </FieldFrame>
  );
}

/** `defaultChecked` is the schema's default, shown while the spec leaves the field unset. */
export function CheckboxField({ path, label, hint, defaultChecked = false }: BaseProps & { defaultChecked?: boolean }) {
  const field = useField(path);
  const id = fieldId(path);
  return (
    <div className="field">
      <div className="field inline">
        <input
          id={id}
          type="checkbox"
          checked={typeof field.value === 'boolean' ? field.value : defaultChecked}
          onChange={(e) => field.set(e.target.checked)}
          aria-describedby={describedBy(path, hint, field.errors)}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {field.errors.length > 0 ? (
        <p id={`${id}-error`} className="field-error">
          {field.errors.join('; ')}
        </p>
      ) : null}
    </div>
  );
}

const listText = (value: unknown): string => (Array.isArray(value) ? value.join(', ') : '');

/** A list of numbers typed as "800, 800"; keeps the typed text so a trailing comma does not vanish. */
export function NumberListField({ path, label, hint }: BaseProps) {
  const field = useField(path);
  const [text, setText] = useState(() => listText(field.value));
  const external = listText(field.value);
  useEffect(() => {
    // A preset or kind switch replaced the value: show it unless it is what the user is typing.
    setText((current) => (listText(parseNumberList(current)) === external ? current : external));
  }, [external]);
  return (
    <FieldFrame path={path} label={label} hint={hint ?? 'numbers separated by commas'} errors={field.errors}>
      <input
        id={fieldId(path)}
        type="text"
        inputMode="numeric"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          field.set(e.target.value.trim() === '' ? undefined : parseNumberList(e.target.value));
        }}
        aria-invalid={field.errors.length > 0 || undefined}
        aria-describedby={describedBy(path, hint ?? 'numbers separated by commas', field.errors)}
      />
    </FieldFrame>
  );
}

/** Several choices from a fixed set, e.g. quantization schemes. */
export function CheckboxGroupField({ path, label, hint, options }: BaseProps & { options: readonly string[] }) {
  const field = useField(path);
  const chosen = Array.isArray(field.value) ? (field.value as unknown[]) : [];
  const id = fieldId(path);
  return (
    <fieldset
      className="field"
      id={id}
      aria-invalid={field.errors.length > 0 || undefined}
      aria-describedby={describedBy(path, hint, field.errors)}
    >
      <legend>{label}</legend>
      <div className="row">
        {options.map((option) => (
          <label key={option} className="field inline">
            <input
              type="checkbox"
              checked={chosen.includes(option)}
              onChange={(e) =>
                field.set(e.target.checked ? [...chosen, option] : chosen.filter((value) => value !== option))
              }
            />
            {option}
          </label>
        ))}
      </div>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {field.errors.length > 0 ? (
        <p id={`${id}-error`} className="field-error">
          {field.errors.join('; ')}
        </p>
      ) : null}
    </fieldset>
  );
}
