"use client";

import { useRouter } from "next/navigation";
import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { authenticatorCodeSchema } from "@/lib/auth/settings-schemas";
import { confirmTotpSetupAction } from "./actions";
import { useShowRecoveryCodes } from "./recovery-codes-handoff";

/**
 * Confirms set-up with the first code. The recovery codes go to the card's handoff and the page
 * is drawn again, so it states at once what is now true: on, with no key and no restart.
 */
export function TotpSetupForm() {
  const router = useRouter();
  const showRecoveryCodes = useShowRecoveryCodes();
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: authenticatorCodeSchema,
    defaultValues: { code: "" },
    submit: confirmTotpSetupAction,
    onSuccess: (data) => {
      showRecoveryCodes(data?.recoveryCodes ?? null);
      router.refresh();
    },
    clearOnFailure: "code",
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy}>
      <FormAlert message={formError} />
      <OneTimeCodeField control={form.control} name="code" label="Code from your authenticator app" error={form.formState.errors.code?.message} onComplete={() => void onSubmit()} />
      <button type="submit" disabled={busy}>
        {busy ? "Checking…" : "Turn on two-step verification"}
      </button>
    </form>
  );
}
