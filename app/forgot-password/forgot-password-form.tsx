"use client";

import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { FORGOT_PASSWORD_NOTICE, forgotPasswordSchema } from "@/lib/auth/password-reset-schemas";
import { forgotPasswordAction } from "./actions";

/** The e-mail address; afterwards one notice that says nothing about whether the account exists. */
export function ForgotPasswordForm() {
  const { form, onSubmit, formError, succeeded, busy } = useActionForm({
    schema: forgotPasswordSchema,
    defaultValues: { email: "" },
    submit: (values) => forgotPasswordAction(values),
  });
  const { errors } = form.formState;

  if (succeeded) {
    return (
      <div className="alert ok" role="status">
        {FORGOT_PASSWORD_NOTICE}
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy}>
      <FormAlert message={formError} />
      <TextField label="E-mail" type="email" autoComplete="username" error={errors.email?.message} {...form.register("email")} />
      <button type="submit" disabled={busy}>
        {busy ? "Sending…" : "Send a reset link"}
      </button>
    </form>
  );
}
