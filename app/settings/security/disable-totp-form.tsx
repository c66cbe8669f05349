"use client";

import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { authenticatorCodeSchema } from "@/lib/auth/settings-schemas";
import { disableTotpAction } from "./actions";

/** Turns TOTP off with a current code; the page shows it only after the password was confirmed. */
export function DisableTotpForm() {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: authenticatorCodeSchema,
    defaultValues: { code: "" },
    submit: disableTotpAction,
    clearOnFailure: "code",
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy}>
      <FormAlert message={formError} />
      <OneTimeCodeField control={form.control} name="code" label="Code to turn off two-step verification" error={form.formState.errors.code?.message} />
      <button type="submit" className="danger" disabled={busy}>
        {busy ? "Turning off…" : "Turn off two-step verification"}
      </button>
    </form>
  );
}
