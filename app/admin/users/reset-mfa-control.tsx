"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { mfaResetSchema, type MfaResetInput } from "@/lib/admin/schemas";
import { useConsoleStatus } from "../console-status";
import { resetUserMfaAction } from "./actions";

/**
 * Resets someone's two-step verification after a confirmation. When the admin's own MFA is older
 * than 10 minutes (known when the page was drawn, or answered by the server since), it also asks
 * for a current code from their authenticator.
 */
export function ResetMfaControl({ userId, email, needsCode }: { userId: number; email: string; needsCode: boolean }) {
  const router = useRouter();
  const announce = useConsoleStatus();
  const [asking, setAsking] = useState(false);
  const [codeNeeded, setCodeNeeded] = useState(needsCode);
  const { form, onSubmit, formError, busy } = useActionForm<MfaResetInput, MfaResetInput, void>({
    schema: mfaResetSchema,
    defaultValues: needsCode ? { code: "" } : {},
    submit: async (values) => {
      const result = await resetUserMfaAction(userId, values);
      if (!result.ok && result.code === "MFA_REQUIRED") {
        setCodeNeeded(true);
        form.setValue("code", "");
      }
      return result;
    },
    onSuccess: () => {
      announce(`Two-step verification of ${email} is reset. They were signed out everywhere and told by e-mail.`);
      router.refresh();
    },
    clearOnFailure: codeNeeded ? "code" : undefined,
  });

  if (!asking) {
    return (
      <button type="button" className="secondary" onClick={() => setAsking(true)}>
        Reset two-step verification<span className="visually-hidden"> of {email}</span>
      </button>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy} className="confirm" aria-label={`Reset two-step verification of ${email}`}>
      <p>
        Reset two-step verification of {email}? Their authenticator and recovery codes stop working, they are signed out everywhere and told by e-mail. They can set it
        up again after signing in.
      </p>
      <FormAlert message={formError} />
      {codeNeeded && (
        <OneTimeCodeField
          control={form.control}
          name="code"
          label="Your current authenticator code"
          hint="Resetting needs two-step verification from you in the last 10 minutes."
          error={form.formState.errors.code?.message}
        />
      )}
      <div className="actions">
        <button type="submit" className="danger" disabled={busy}>
          {busy ? "Resetting…" : "Reset two-step verification"}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
