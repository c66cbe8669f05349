"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { authenticatorCodeSchema } from "@/lib/auth/settings-schemas";
import { confirmTotpSetupAction } from "./actions";
import { RecoveryCodes } from "./recovery-codes";

/** Confirms set-up with the first code, then shows the recovery codes once. */
export function TotpSetupForm({ next }: { next: string | null }) {
  const router = useRouter();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: authenticatorCodeSchema,
    defaultValues: { code: "" },
    submit: confirmTotpSetupAction,
    onSuccess: (data) => setRecoveryCodes(data?.recoveryCodes ?? null),
    clearOnFailure: "code",
  });

  if (recoveryCodes) {
    return (
      <div>
        <FormAlert tone="ok" message="Two-step verification is on." />
        <RecoveryCodes codes={recoveryCodes} />
        <p>
          {next ? (
            <Link className="button" href={next}>
              I have saved my codes, continue
            </Link>
          ) : (
            <button type="button" onClick={() => router.refresh()}>
              I have saved my codes
            </button>
          )}
        </p>
      </div>
    );
  }

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
