"use client";

import { useRouter } from "next/navigation";
import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { confirmPasswordSchema } from "@/lib/auth/settings-schemas";
import { confirmPasswordAction } from "./actions";

/**
 * The password again before two-step verification may change: holding the signed-in browser is
 * not enough. The page, drawn again, then shows the controls for 10 minutes.
 */
export function ConfirmPasswordForm({ email, purpose }: { email: string; purpose: string }) {
  const router = useRouter();
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: confirmPasswordSchema,
    defaultValues: { password: "" },
    submit: confirmPasswordAction,
    onSuccess: () => router.refresh(),
    clearOnFailure: "password",
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy} aria-labelledby="confirm-password-title">
      <h3 id="confirm-password-title">Confirm your password</h3>
      <p>{purpose} For the next 10 minutes you will not be asked again.</p>
      <FormAlert message={formError} />
      <input type="hidden" autoComplete="username" value={email} readOnly />
      <TextField label="Your password" type="password" autoComplete="current-password" error={form.formState.errors.password?.message} {...form.register("password")} />
      <button type="submit" disabled={busy}>
        {busy ? "Checking…" : "Confirm password"}
      </button>
    </form>
  );
}
