"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert, TextField } from "@/app/ui/form";
import type { ActionResult } from "@/lib/auth/action";
import { recoveryFormSchema, totpFormSchema } from "@/lib/auth/schemas";
import { verifyRecoveryCodeAction, verifyTotpAction } from "./actions";

/** The message for a refused code: the server's, which counts the attempts left. */
function refusal(result: Extract<ActionResult, { ok: false }>): { field?: string; form?: string } {
  if (result.code === "TOO_MANY_REQUESTS") return { form: `Too many wrong codes. Try again in ${result.retryAfter ?? 30} seconds.` };
  const field = result.fieldErrors?.verificationCode ?? result.fieldErrors?.code;
  return field ? { field } : { form: result.message };
}

/** The authenticator code: submits by itself once six digits are in. */
export function TotpForm({ callbackUrl }: { callbackUrl: string | null }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  // Auto-submit and a click can race; one code is sent once.
  const inFlight = useRef(false);
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof totpFormSchema>>({ resolver: zodResolver(totpFormSchema), defaultValues: { code: "" } });

  const onSubmit = handleSubmit(async (values) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setFormError(null);
    const result = await verifyTotpAction(values, callbackUrl).finally(() => {
      inFlight.current = false;
    });
    if (!result || result.ok) {
      setRedirecting(true);
      return;
    }
    const { field, form } = refusal(result);
    // A wrong code is cleared so the next one can be typed straight away.
    setValue("code", "");
    setFocus("code");
    if (field) setError("code", { message: field });
    setFormError(form ?? null);
  });
  const busy = isSubmitting || redirecting;

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy}>
      <FormAlert message={formError} />
      <OneTimeCodeField
        control={control}
        name="code"
        label="Authentication code"
        hint="6 digits, for example 123 456."
        error={errors.code?.message}
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
  const [formError, setFormError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof recoveryFormSchema>>({ resolver: zodResolver(recoveryFormSchema), defaultValues: { code: "" } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await verifyRecoveryCodeAction(values, callbackUrl);
    if (!result || result.ok) {
      setRedirecting(true);
      return;
    }
    const { field, form } = refusal(result);
    if (field) setError("code", { message: field }, { shouldFocus: true });
    setFormError(form ?? null);
  });
  const busy = isSubmitting || redirecting;

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
        error={errors.code?.message}
        autoFocus
        {...register("code")}
      />
      <button type="submit" disabled={busy}>
        {busy ? "Checking…" : "Verify"}
      </button>
    </form>
  );
}
