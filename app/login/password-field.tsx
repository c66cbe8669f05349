"use client";

import { forwardRef, useId, useState, type InputHTMLAttributes } from "react";
import styles from "./login.module.css";

/** An eye, struck through while the password is shown (the next press hides it). */
function EyeIcon({ crossed }: { crossed: boolean }) {
  return (
    <svg aria-hidden="true" focusable="false" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12Z" />
      <circle cx="12" cy="12" r="3" />
      {crossed && <path d="M4 4l16 16" />}
    </svg>
  );
}

/**
 * The password input with a show/hide toggle inside it, an eye as in the anchors' sign-in forms. The toggle is a pressed/unpressed button (one
 * name, its state in aria-pressed); a mouse press on it leaves the focus and caret in the input,
 * so showing the password in the middle of typing does not interrupt it.
 */
export const PasswordField = forwardRef<HTMLInputElement, Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & { label: string; error?: string }>(function PasswordField(
  { label, error, id, ...input },
  ref,
) {
  const generated = useId();
  const inputId = id ?? generated;
  const [shown, setShown] = useState(false);
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <div className={styles.passwordRow}>
        <input
          ref={ref}
          id={inputId}
          className={styles.passwordInput}
          type={shown ? "text" : "password"}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
          {...input}
        />
        <button type="button" className={styles.toggle} aria-pressed={shown} aria-controls={inputId} title="Show password" onMouseDown={(event) => event.preventDefault()} onClick={() => setShown(!shown)}>
          <EyeIcon crossed={shown} />
          <span className="visually-hidden">Show password</span>
        </button>
      </div>
      {error && (
        <p id={`${inputId}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
});
