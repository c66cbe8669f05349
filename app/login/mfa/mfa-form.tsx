"use client";

import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { recoveryFormSchema, totpFormSchema } from "@/lib/auth/schemas";
import { verifyRecoveryCodeAction, verifyTotpAction } from "./actions";

/** The journey reports a wrong code under the API's field name. */
const CODE_FIELD = { verificationCode: "code" } as const;

/** The authenticator code: submits by itself once six digits are in. */
export function TotpForm({ callbackUrl }: { callbackUrl: string | null }) {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: totpFormSchema,
    defaultValues: { code: "" },
    submit: (values) => verifyTotpAction(values, callbackUrl),
    clearOnFailure: "code",
    fieldAliases: CODE_FIELD,
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy}>
      <FormAlert message={formError} />
      <OneTimeCodeField
        control={form.control}
        name="code"
        label="Authentication code"
        hint="6 digits, for example 123 456."
        error={form.formState.errors.code?.message}
        onComplete={() => void onSubmit()}
        autoFocus
      />
      <button type="submit" disabled={busy}>
        {busy ? "Checking…" : "Verify"}
      </button>
    </form>
  );
}

/** A one-time recovery code (`xxxxx-xxxxx`). */
export function RecoveryCodeForm({ callbackUrl }: { callbackUrl: string | null }) {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: recoveryFormSchema,
    defaultValues: { code: "" },
    submit: (values) => verifyRecoveryCodeAction(values, callbackUrl),
    fieldAliases: CODE_FIELD,
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy}>
      <FormAlert message={formError} />
      <TextField
        label="Recovery code"
        hint="10 letters and digits, for example abcde-23456."
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        className="code-input"
        error={form.formState.errors.code?.message}
        autoFocus
        {...form.register("code")}
      />
      <button type="submit" disabled={busy}>
        {busy ? "Checking…" : "Verify"}
      </button>
    </form>
  );
}
