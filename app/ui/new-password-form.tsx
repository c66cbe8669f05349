"use client";

import { useEffect, useMemo, useState } from "react";
import { useWatch } from "react-hook-form";
import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import type { ActionResult } from "@/lib/auth/action";
import type { ratePassword } from "@/lib/auth/password-rules";
import { chooseNewPasswordSchema, PASSWORD_MIN } from "@/lib/validation";

type Rating = ReturnType<typeof ratePassword>;

const LEVELS = ["very weak", "weak", "fair", "good", "strong"] as const;

/**
 * The policy's verdict on what is typed, from the very rule the server enforces
 * (lib/auth/password-rules.ts). Its dictionaries are large, so the module is fetched on the first
 * keystroke, not with the page.
 */
function usePasswordRating(password: string, email: string, workspaceName: string | null): Rating | null {
  const [rate, setRate] = useState<typeof ratePassword | null>(null);
  const wanted = password.length > 0;
  useEffect(() => {
    if (!wanted || rate) return;
    let current = true;
    void import("@/lib/auth/password-rules").then((rules) => {
      if (current) setRate(() => rules.ratePassword);
    });
    return () => {
      current = false;
    };
  }, [wanted, rate]);
  return useMemo(() => (wanted && rate ? rate(password, email, { workspaceName }) : null), [wanted, rate, password, email, workspaceName]);
}

/** The strength hint under the password: announced politely, the bar is decoration. */
function StrengthHint({ rating }: { rating: Rating | null }) {
  const score = rating?.score ?? null;
  const text = !rating
    ? ""
    : rating.verdict.ok
      ? "Strength: strong. This password can be used."
      : score === null
        ? rating.verdict.message
        : `Strength: ${LEVELS[score]}. ${rating.verdict.message}`;
  return (
    <div className="strength" data-verdict={rating ? (rating.verdict.ok ? "ok" : "refused") : undefined}>
      {score !== null && (
        <span className="strength-bar" aria-hidden="true">
          <span style={{ width: `${((score + 1) / LEVELS.length) * 100}%` }} />
        </span>
      )}
      <p role="status">{text}</p>
    </div>
  );
}

/**
 * The new password twice, for a one-time link (an invitation, a password reset), with a strength
 * hint while typing; the server's policy refusal (common, contains the e-mail or the workspace's
 * name…) lands on the field.
 */
export function NewPasswordForm({
  token,
  email,
  workspaceName = null,
  submitLabel,
  action,
}: {
  token: string;
  email: string;
  /** The workspace a person is invited to: the policy refuses its name too. */
  workspaceName?: string | null;
  submitLabel: string;
  action: (token: string, input: unknown) => Promise<ActionResult>;
}) {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: chooseNewPasswordSchema,
    defaultValues: { password: "", confirmPassword: "" },
    submit: (values) => action(token, values),
  });
  const { errors } = form.formState;
  const rating = usePasswordRating(useWatch({ control: form.control, name: "password" }), email, workspaceName);

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy}>
      <FormAlert message={formError} />
      <input type="hidden" autoComplete="username" value={email} readOnly />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN} characters; four or five unrelated words work well. Not a common password, and not your e-mail address${workspaceName ? " or the workspace's name" : ""}.`}
        error={errors.password?.message}
        {...form.register("password")}
      />
      <StrengthHint rating={rating} />
      <TextField label="Repeat the password" type="password" autoComplete="new-password" error={errors.confirmPassword?.message} {...form.register("confirmPassword")} />
      <button type="submit" disabled={busy}>
        {busy ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}
