"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert } from "@/app/ui/form";
import { authenticatorCodeSchema, type AuthenticatorCodeInput } from "@/lib/auth/settings-schemas";
import { confirmTotpSetupAction } from "./actions";
import { RecoveryCodes } from "./recovery-codes";

/** Confirms set-up with the first code, then shows the recovery codes once. */
export function TotpSetupForm({ next }: { next: string | null }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const inFlight = useRef(false);
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<AuthenticatorCodeInput>({ resolver: zodResolver(authenticatorCodeSchema), defaultValues: { code: "" } });

  const onSubmit = handleSubmit(async (values) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setFormError(null);
    try {
      const result = await confirmTotpSetupAction(values);
      if (result.ok) {
        setRecoveryCodes(result.data.recoveryCodes);
        return;
      }
      setValue("code", "");
      setFocus("code");
      const field = result.fieldErrors?.code;
      if (field) setError("code", { message: field });
      else setFormError(result.message);
    } finally {
      inFlight.current = false;
    }
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
    <form onSubmit={onSubmit} noValidate>
      <FormAlert message={formError} />
      <OneTimeCodeField control={control} name="code" label="Code from your authenticator app" error={errors.code?.message} onComplete={() => void onSubmit()} />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Checking…" : "Turn on two-step verification"}
      </button>
    </form>
  );
}
