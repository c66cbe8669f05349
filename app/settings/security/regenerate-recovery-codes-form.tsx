"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { authenticatorCodeSchema } from "@/lib/auth/settings-schemas";
import { regenerateRecoveryCodesAction } from "./actions";
import { RecoveryCodes } from "./recovery-codes";

/** New recovery codes after a current authenticator code. */
export function RegenerateRecoveryCodesForm() {
  const router = useRouter();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: authenticatorCodeSchema,
    defaultValues: { code: "" },
    submit: regenerateRecoveryCodesAction,
    onSuccess: (data) => setRecoveryCodes(data?.recoveryCodes ?? null),
    clearOnFailure: "code",
  });

  if (recoveryCodes) {
    return (
      <div>
        <RecoveryCodes codes={recoveryCodes} />
        <button
          type="button"
          onClick={() => {
            // Shown once: the codes leave the page, which is drawn again with the new count.
            setRecoveryCodes(null);
            router.refresh();
          }}
        >
          I have saved my codes
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy}>
      <FormAlert message={formError} />
      <OneTimeCodeField control={form.control} name="code" label="Code to create new recovery codes" error={form.formState.errors.code?.message} />
      <button type="submit" className="secondary" disabled={busy}>
        {busy ? "Checking…" : "Create new recovery codes"}
      </button>
    </form>
  );
}
