"use client";

import { forwardRef, useId, type InputHTMLAttributes } from "react";

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
      {error && (
        <p id={`${inputId}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
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
