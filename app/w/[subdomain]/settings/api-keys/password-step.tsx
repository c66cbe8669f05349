"use client";

import { useEffect, useId, useState } from "react";
import { confirmPasswordSchema } from "@/lib/auth/settings-schemas";
import { confirmPasswordAction } from "@/app/settings/security/actions";
import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import type { ActionResult } from "@/lib/auth/action";

// A new secret needs the password entered in this session within 10 minutes (a stolen session
// cookie alone must not mint a long-lived key). The server says so with
// PASSWORD_CONFIRMATION_REQUIRED; the form then shows this step in place and sends itself again.
// The step confirms through /settings/security's own action; its form there redraws that page
// instead of continuing, so this one is a small form of its own.

/** Wraps a form's action: `needed` once the server asks for the password, `retry` sends the form again after it. */
export function usePasswordStep<I, D>(action: (input: I) => Promise<ActionResult<D>>) {
  const [needed, setNeeded] = useState(false);
  return {
    needed,
    submit: async (input: I): Promise<ActionResult<D>> => {
      const result = await action(input);
      setNeeded(!result.ok && result.code === "PASSWORD_CONFIRMATION_REQUIRED");
      return result;
    },
    retry: (send: () => Promise<void>) => {
      setNeeded(false);
      void send();
    },
  };
}

/** "Confirm your password", then `onConfirmed`: for 10 minutes this session may mint keys. */
export function PasswordStep({ email, onConfirmed }: { email: string; onConfirmed: () => void }) {
  const titleId = useId();
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: confirmPasswordSchema,
    defaultValues: { password: "" },
    submit: confirmPasswordAction,
    onSuccess: onConfirmed,
    clearOnFailure: "password",
  });
  // It appears after a refusal: the field takes the focus, so the next thing typed is the password.
  useEffect(() => form.setFocus("password"), [form]);
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy} aria-labelledby={titleId} className="confirm">
      <h3 id={titleId}>Confirm your password</h3>
      <p>A new secret needs your password. For the next 10 minutes you will not be asked again.</p>
      <FormAlert message={formError} />
      <input type="hidden" autoComplete="username" value={email} readOnly />
      <TextField label="Your password" type="password" autoComplete="current-password" error={form.formState.errors.password?.message} {...form.register("password")} />
      <button type="submit" disabled={busy}>
        {busy ? "Checking…" : "Confirm and continue"}
      </button>
    </form>
  );
}
