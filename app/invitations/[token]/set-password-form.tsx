"use client";

import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { setPasswordSchema } from "@/lib/invitations/schemas";
import { setPasswordAction } from "./actions";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: setPasswordSchema,
    defaultValues: { password: "", confirmPassword: "" },
    submit: (values) => setPasswordAction(token, values),
  });
  const { errors } = form.formState;

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy}>
      <FormAlert message={formError} />
      <input type="hidden" autoComplete="username" value={email} readOnly />
      <TextField label="New password" type="password" autoComplete="new-password" error={errors.password?.message} {...form.register("password")} />
      <TextField label="Repeat the password" type="password" autoComplete="new-password" error={errors.confirmPassword?.message} {...form.register("confirmPassword")} />
      <button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
