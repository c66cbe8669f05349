"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert } from "@/app/ui/form";
import { authenticatorCodeSchema, type AuthenticatorCodeInput } from "@/lib/auth/settings-schemas";
import { confirmSessionMfaAction } from "./actions";

/**
 * A current authenticator code makes this sign-in count as MFA-verified (step-up). On success the
 * page is drawn again (the cards' requirements change) with a notice that says so.
 */
export function StepUpForm({ callbackUrl }: { callbackUrl: string | null }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
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
      const result = await confirmSessionMfaAction(values);
      if (result.ok) {
        setDone(true);
        const next = new URLSearchParams({ mfa: "confirmed" });
        if (callbackUrl) next.set("callbackUrl", callbackUrl);
        router.replace(`/workspaces?${next}`);
        return;
      }
      setValue("code", "");
      setFocus("code");
      const field = result.fieldErrors?.code;
      if (field) setError("code", { message: field });
      else setFormError(result.code === "TOO_MANY_REQUESTS" ? `Too many wrong codes. Try again in ${result.retryAfter ?? 30} seconds.` : result.message);
    } finally {
      inFlight.current = false;
    }
  });

  if (done) return <FormAlert tone="ok" message="Confirmed." />;
  return (
    <form onSubmit={onSubmit} noValidate className="inline-form">
      <FormAlert message={formError} />
      <OneTimeCodeField control={control} name="code" label="Authentication code" error={errors.code?.message} onComplete={() => void onSubmit()} />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Checking…" : "Confirm"}
      </button>
    </form>
  );
}
