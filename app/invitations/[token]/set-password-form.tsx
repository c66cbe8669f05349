"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, TextField } from "@/app/ui/form";
import { setPasswordSchema, type SetPasswordInput } from "@/lib/invitations/schemas";
import { setPasswordAction } from "./actions";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SetPasswordInput>({ resolver: zodResolver(setPasswordSchema), defaultValues: { password: "", confirmPassword: "" } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await setPasswordAction(token, values);
    if (!result || result.ok) return;
    for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
      if (field === "password" || field === "confirmPassword") setError(field, { message });
    }
    setFormError(result.message);
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <FormAlert message={formError} />
      <input type="hidden" autoComplete="username" value={email} readOnly />
      <TextField label="New password" type="password" autoComplete="new-password" error={errors.password?.message} {...register("password")} />
      <TextField label="Repeat the password" type="password" autoComplete="new-password" error={errors.confirmPassword?.message} {...register("confirmPassword")} />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
