"use client";

import { useRouter } from "next/navigation";
import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { authenticatorCodeSchema } from "@/lib/auth/settings-schemas";
import { confirmSessionMfaAction } from "./actions";

/**
 * A current authenticator code makes this sign-in count as MFA-verified (step-up). On success the
 * person goes on to `next` (a same-origin path) when given; otherwise the page is drawn again
 * (the cards' requirements change) with a notice that says so.
 */
export function StepUpForm({ callbackUrl = null, next }: { callbackUrl?: string | null; next?: string }) {
  const router = useRouter();
  const { form, onSubmit, formError, busy, succeeded } = useActionForm({
    schema: authenticatorCodeSchema,
    defaultValues: { code: "" },
    submit: confirmSessionMfaAction,
    onSuccess: () => {
      if (next) return router.replace(next);
      const params = new URLSearchParams({ mfa: "confirmed" });
      if (callbackUrl) params.set("callbackUrl", callbackUrl);
      router.replace(`/workspaces?${params}`);
    },
    clearOnFailure: "code",
  });

  if (succeeded) return <FormAlert tone="ok" message="Confirmed." />;
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy} className="inline-form">
      <FormAlert message={formError} />
      <OneTimeCodeField control={form.control} name="code" label="Authentication code" error={form.formState.errors.code?.message} onComplete={() => void onSubmit()} />
      <button type="submit" disabled={busy}>
        {busy ? "Checking…" : "Confirm"}
      </button>
    </form>
  );
}
