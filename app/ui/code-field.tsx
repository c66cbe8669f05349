"use client";

import type { ClipboardEvent } from "react";
import { Controller, type Control, type FieldPath, type FieldValues } from "react-hook-form";
import { TextField } from "@/app/ui/form";

const CODE_LENGTH = 6;

/** Digits only, at most six: typing, autofill and pasting "123 456" all end up as "123456". */
function digitsOf(value: string): string {
  return value.replace(/\D/g, "").slice(0, CODE_LENGTH);
}

/**
 * The 6-digit authenticator code input: numeric keyboard on phones, the platform's one-time-code
 * autofill, paste of a spaced code, and `onComplete` once the sixth digit is in (auto-submit).
 */
export function OneTimeCodeField<T extends FieldValues>({
  control,
  name,
  label = "6-digit code",
  hint,
  error,
  onComplete,
  autoFocus,
  disabled,
}: {
  control: Control<T>;
  name: FieldPath<T>;
  label?: string;
  hint?: string;
  error?: string;
  onComplete?: () => void;
  autoFocus?: boolean;
  disabled?: boolean;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => {
        const accept = (next: string) => {
          const previous = String(field.value ?? "");
          field.onChange(next);
          if (next.length === CODE_LENGTH && previous.length !== CODE_LENGTH) onComplete?.();
        };
        return (
          <TextField
            ref={field.ref}
            name={field.name}
            value={String(field.value ?? "")}
            onBlur={field.onBlur}
            onChange={(event) => accept(digitsOf(event.target.value))}
            onPaste={(event: ClipboardEvent<HTMLInputElement>) => {
              // A pasted whole code replaces what was typed instead of being appended to it.
              const pasted = digitsOf(event.clipboardData.getData("text"));
              if (pasted.length === CODE_LENGTH) {
                event.preventDefault();
                accept(pasted);
              }
            }}
            label={label}
            hint={hint}
            error={error}
            className="code-input"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            spellCheck={false}
            autoFocus={autoFocus}
            disabled={disabled}
          />
        );
      }}
    />
  );
}
