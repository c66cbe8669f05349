"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId } from "react";
import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { confirmPasswordSchema } from "@/lib/auth/settings-schemas";
import { confirmPasswordAction } from "./actions";

/**
 * The password again before a sensitive change (two-step verification, a new API key): holding
 * the signed-in browser is not enough. By default the page, drawn again, then shows the controls
 * for 10 minutes; a form that asked in place continues with `onConfirmed` instead.
 */
export function ConfirmPasswordForm({
  email,
  purpose,
  onConfirmed,
  submitLabel = "Confirm password",
  className,
}: {
  email: string;
  purpose: string;
  onConfirmed?: () => void;
  submitLabel?: string;
  className?: string;
}) {
  const router = useRouter();
  const titleId = useId();
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: confirmPasswordSchema,
    defaultValues: { password: "" },
    submit: confirmPasswordAction,
    onSuccess: onConfirmed ?? (() => router.refresh()),
    clearOnFailure: "password",
  });
  // Asked in place after a refusal: the field takes the focus, so the next thing typed is the password.
  const inPlace = onConfirmed !== undefined;
  useEffect(() => {
    if (inPlace) form.setFocus("password");
  }, [form, inPlace]);

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy} aria-labelledby={titleId} className={className}>
      <h3 id={titleId}>Confirm your password</h3>
      <p>{purpose} For the next 10 minutes you will not be asked again.</p>
      <FormAlert message={formError} />
      <input type="hidden" autoComplete="username" value={email} readOnly />
      <TextField label="Your password" type="password" autoComplete="current-password" error={form.formState.errors.password?.message} {...form.register("password")} />
      <button type="submit" disabled={busy}>
        {busy ? "Checking…" : submitLabel}
      </button>
    </form>
  );
}
