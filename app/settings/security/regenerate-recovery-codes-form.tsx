"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert } from "@/app/ui/form";
import { authenticatorCodeSchema, type AuthenticatorCodeInput } from "@/lib/auth/settings-schemas";
import { regenerateRecoveryCodesAction } from "./actions";
import { RecoveryCodes } from "./recovery-codes";

/** New recovery codes after a current authenticator code. */
export function RegenerateRecoveryCodesForm() {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<AuthenticatorCodeInput>({ resolver: zodResolver(authenticatorCodeSchema), defaultValues: { code: "" } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await regenerateRecoveryCodesAction(values);
    if (result.ok) {
      setRecoveryCodes(result.data.recoveryCodes);
      return;
    }
    setValue("code", "");
    const field = result.fieldErrors?.code;
    if (field) setError("code", { message: field }, { shouldFocus: true });
    else setFormError(result.code === "TOO_MANY_REQUESTS" ? `Too many wrong codes. Try again in ${result.retryAfter ?? 30} seconds.` : result.message);
  });

  if (recoveryCodes) {
    return (
      <div>
        <RecoveryCodes codes={recoveryCodes} />
        <button type="button" onClick={() => router.refresh()}>
          I have saved my codes
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate>
      <FormAlert message={formError} />
      <OneTimeCodeField control={control} name="code" label="Current code from your authenticator app" error={errors.code?.message} />
      <button type="submit" className="secondary" disabled={isSubmitting}>
        {isSubmitting ? "Checking…" : "Create new recovery codes"}
      </button>
    </form>
  );
}
