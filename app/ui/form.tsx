"use client";

import { forwardRef, useId, type InputHTMLAttributes, type SelectHTMLAttributes } from "react";

/** A labelled input with its error announced to assistive technology. */
export const TextField = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: string }>(function TextField(
  { label, error, hint, id, ...input },
  ref,
) {
  const generated = useId();
  const inputId = id ?? generated;
  const described = [hint ? `${inputId}-hint` : null, error ? `${inputId}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      {hint && (
        <p id={`${inputId}-hint`} className="muted">
          {hint}
        </p>
      )}
      <input ref={ref} id={inputId} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      <FieldError id={`${inputId}-error`} error={error} />
    </div>
  );
});

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {error}
    </p>
  );
}

/** A labelled select with its error announced to assistive technology. */
export const SelectField = forwardRef<
  HTMLSelectElement,
  SelectHTMLAttributes<HTMLSelectElement> & {
    label: string;
    error?: string;
    options: ReadonlyArray<{ value: string | number; label: string }>;
    /** An empty first choice, so nothing is chosen for the person. */
    placeholder?: string;
    /** For a table row, where the column header shows what the select is. */
    hideLabel?: boolean;
  }
>(function SelectField({ label, error, options, placeholder, hideLabel, id, ...select }, ref) {
  const generated = useId();
  const selectId = id ?? generated;
  return (
    <div className="field">
      <label htmlFor={selectId} className={hideLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
      <select ref={ref} id={selectId} aria-invalid={error ? true : undefined} aria-describedby={error ? `${selectId}-error` : undefined} {...select}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={`${selectId}-error`} error={error} />
    </div>
  );
});

/** A form-level message (an error from the server). */
export function FormAlert({ message, tone = "error" }: { message: string | null | undefined; tone?: "error" | "ok" }) {
  if (!message) return null;
  return (
    <div className={`alert ${tone}`} role={tone === "error" ? "alert" : "status"}>
      {message}
    </div>
  );
}
