"use client";

import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import type { ActionResult } from "@/lib/auth/action";
import { chooseNewPasswordSchema, PASSWORD_MIN } from "@/lib/validation";

/**
 * The new password twice, for a one-time link (an invitation, a password reset); the server's
 * policy refusal (common, contains the e-mail…) lands on the field.
 */
export function NewPasswordForm({ token, email, submitLabel, action }: { token: string; email: string; submitLabel: string; action: (token: string, input: unknown) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: chooseNewPasswordSchema,
    defaultValues: { password: "", confirmPassword: "" },
    submit: (values) => action(token, values),
  });
  const { errors } = form.formState;

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy}>
      <FormAlert message={formError} />
      <input type="hidden" autoComplete="username" value={email} readOnly />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN} characters; four or five unrelated words work well. Not a common password, and not your e-mail address.`}
        error={errors.password?.message}
        {...form.register("password")}
      />
      <TextField label="Repeat the password" type="password" autoComplete="new-password" error={errors.confirmPassword?.message} {...form.register("confirmPassword")} />
      <button type="submit" disabled={busy}>
        {busy ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}
