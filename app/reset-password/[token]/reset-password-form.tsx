"use client";

import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { resetPasswordSchema } from "@/lib/auth/password-reset-schemas";
import { PASSWORD_MIN } from "@/lib/validation";
import { resetPasswordAction } from "./actions";

/** The new password twice; the server's policy refusal (common, contains the e-mail…) lands on the field. */
export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: resetPasswordSchema,
    defaultValues: { password: "", confirmPassword: "" },
    submit: (values) => resetPasswordAction(token, values),
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
        {busy ? "Saving…" : "Set new password"}
      </button>
    </form>
  );
}
