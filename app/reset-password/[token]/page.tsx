import type { Metadata } from "next";
import Link from "next/link";
import { currentFacts } from "@/lib/auth/dal";
import { findOpenPasswordReset } from "@/lib/auth/password-reset";
import { isAppError, type ErrorCode } from "@/lib/errors";
import { NewPasswordForm } from "@/app/ui/new-password-form";
import { resetPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Choose a new password" };

const REFUSALS: Partial<Record<ErrorCode, { title: string; text: string }>> = {
  TOO_MANY_REQUESTS: { title: "Too many attempts", text: "Too many reset links were tried from your network. Wait a few minutes and open the link again." },
  NOT_FOUND: { title: "This link cannot be used", text: "It is not a valid reset link. Ask for a new one." },
  GONE: { title: "This link cannot be used", text: "It was already used, was replaced by a newer one or has expired (links work for 30 minutes). Ask for a new one." },
};

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const open = await findOpenPasswordReset(token, { ...(await currentFacts()), now: new Date() }).catch((error: unknown) => {
    if (isAppError(error) && REFUSALS[error.code]) return REFUSALS[error.code]!;
    throw error;
  });
  if ("title" in open) {
    return (
      <section className="card narrow" aria-labelledby="reset-title">
        <h1 id="reset-title">{open.title}</h1>
        <p>{open.text}</p>
        <p>
          <Link href="/forgot-password">Ask for a new link</Link> · <Link href="/login">Go to sign-in</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      <p>
        For <strong>{open.email}</strong>. Every session of this account will be signed out; two-step verification stays on.
      </p>
      <NewPasswordForm token={token} email={open.email} submitLabel="Set new password" action={resetPasswordAction} />
    </section>
  );
}
