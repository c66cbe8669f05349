"use client";

import { forwardRef, useId, useState, type InputHTMLAttributes } from "react";
import styles from "./login.module.css";

/**
 * The password input with a show/hide toggle. The toggle is a pressed/unpressed button (one
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
        <input ref={ref} id={inputId} type={shown ? "text" : "password"} aria-invalid={error ? true : undefined} aria-describedby={error ? `${inputId}-error` : undefined} {...input} />
        <button type="button" className={`secondary ${styles.toggle}`} aria-pressed={shown} aria-controls={inputId} onMouseDown={(event) => event.preventDefault()} onClick={() => setShown(!shown)}>
          Show password
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
