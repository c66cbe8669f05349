"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, TextField } from "@/app/ui/form";
import { loginSchema, type LoginInput } from "@/lib/auth/schemas";
import { loginAction } from "./actions";

export function LoginForm({ callbackUrl }: { callbackUrl: string | null }) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<LoginInput>({ resolver: zodResolver(loginSchema), defaultValues: { email: "", password: "" } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await loginAction(values, callbackUrl);
    if (!result || result.ok) return;
    for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
      if (field === "email" || field === "password") setError(field, { message });
    }
    setFormError(result.code === "TOO_MANY_REQUESTS" && result.retryAfter ? `Too many attempts. Try again in ${result.retryAfter} seconds.` : result.message);
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <FormAlert message={formError} />
      <TextField label="E-mail" type="email" autoComplete="username" error={errors.email?.message} {...register("email")} />
      <TextField label="Password" type="password" autoComplete="current-password" error={errors.password?.message} {...register("password")} />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
