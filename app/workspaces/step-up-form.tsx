"use client";

import { useRouter } from "next/navigation";
import { OneTimeCodeField } from "@/app/ui/code-field";
import { FormAlert } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { authenticatorCodeSchema } from "@/lib/auth/settings-schemas";
import { confirmSessionMfaAction } from "./actions";

/**
 * A current authenticator code makes this sign-in count as MFA-verified (step-up). On success the
 * page is drawn again (the cards' requirements change) with a notice that says so.
 */
export function StepUpForm({ callbackUrl }: { callbackUrl: string | null }) {
  const router = useRouter();
  const { form, onSubmit, formError, busy, succeeded } = useActionForm({
    schema: authenticatorCodeSchema,
    defaultValues: { code: "" },
    submit: confirmSessionMfaAction,
    onSuccess: () => {
      const next = new URLSearchParams({ mfa: "confirmed" });
      if (callbackUrl) next.set("callbackUrl", callbackUrl);
      router.replace(`/workspaces?${next}`);
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
