"use client";

import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { disableTotpSchema } from "@/lib/auth/settings-schemas";
import { disableTotpAction } from "./actions";

/** Turns TOTP off: the password and a current code, both checked again on the server. */
export function DisableTotpForm() {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: disableTotpSchema,
    defaultValues: { password: "", code: "" },
    submit: disableTotpAction,
    clearOnFailure: "code",
  });
  const { errors } = form.formState;

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy}>
      <FormAlert message={formError} />
      <TextField label="Your password" type="password" autoComplete="current-password" error={errors.password?.message} {...form.register("password")} />
      <OneTimeCodeField control={form.control} name="code" label="Current code from your authenticator app" error={errors.code?.message} />
      <button type="submit" className="danger" disabled={busy}>
        {busy ? "Turning off…" : "Turn off two-step verification"}
      </button>
    </form>
  );
}
