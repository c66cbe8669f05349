"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert, TextField } from "@/app/ui/form";
import { disableTotpSchema, type DisableTotpInput } from "@/lib/auth/settings-schemas";
import { disableTotpAction } from "./actions";

/** Turns TOTP off: the password and a current code, both checked again on the server. */
export function DisableTotpForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    control,
    register,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<DisableTotpInput>({ resolver: zodResolver(disableTotpSchema), defaultValues: { password: "", code: "" } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await disableTotpAction(values);
    if (!result || result.ok) return;
    setValue("code", "");
    for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
      if (field === "password" || field === "code") setError(field, { message });
    }
    setFormError(result.code === "TOO_MANY_REQUESTS" ? `Too many wrong attempts. Try again in ${result.retryAfter ?? 30} seconds.` : result.message);
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <FormAlert message={formError} />
      <TextField label="Your password" type="password" autoComplete="current-password" error={errors.password?.message} {...register("password")} />
      <OneTimeCodeField control={control} name="code" label="Current code from your authenticator app" error={errors.code?.message} />
      <button type="submit" className="danger" disabled={isSubmitting}>
        {isSubmitting ? "Turning off…" : "Turn off two-step verification"}
      </button>
    </form>
  );
}
