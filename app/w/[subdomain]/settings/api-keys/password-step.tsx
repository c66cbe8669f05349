"use client";

import { useState } from "react";
import { ConfirmPasswordForm } from "@/app/settings/security/confirm-password-form";
import type { ActionResult } from "@/lib/auth/action";

// A new secret needs the password entered in this session within 10 minutes (a stolen session
// cookie alone must not mint a long-lived key). The server says so with
// PASSWORD_CONFIRMATION_REQUIRED; the form then shows this step in place and sends itself again.
// The step is /settings/security's own confirm form, continuing in place instead of redrawing.

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
  return <ConfirmPasswordForm email={email} purpose="A new secret needs your password." onConfirmed={onConfirmed} submitLabel="Confirm and continue" className="confirm" />;
}
