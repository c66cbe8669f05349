"use client";

import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { loginSchema } from "@/lib/auth/schemas";
import { loginAction } from "./actions";
import styles from "./login.module.css";
import { PasswordField } from "./password-field";

export function LoginForm({ callbackUrl }: { callbackUrl: string | null }) {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: loginSchema,
    defaultValues: { email: "", password: "" },
    submit: (values) => loginAction(values, callbackUrl),
  });
  const { errors } = form.formState;

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy}>
      <FormAlert message={formError} />
      <TextField label="E-mail" type="email" autoComplete="username" error={errors.email?.message} {...form.register("email")} />
      <PasswordField label="Password" autoComplete="current-password" error={errors.password?.message} {...form.register("password")} />
      <button type="submit" className={styles.submit} disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
