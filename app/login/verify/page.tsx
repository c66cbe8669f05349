import type { Metadata } from "next";
import Link from "next/link";
import { StepUpForm } from "@/app/workspaces/step-up-form";
import { homePath } from "@/lib/auth/browser-session";
import { browserSession, guardPage, requireUser, safeCallbackUrl } from "@/lib/auth/dal";

export const metadata: Metadata = { title: "Confirm with your authenticator" };

/**
 * The MFA step for a session that is signed in but never used its second factor (guardPage sends
 * it here when a page, such as the landlord console, needs MFA in this session).
 */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await guardPage(() => requireUser());
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  const next = callbackUrl ?? homePath(await browserSession());
  return (
    <section className="card narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">Confirm with your authenticator</h1>
      {principal.user.hasMfa ? (
        <>
          <p className="muted">This sign-in has not used two-step verification yet, and the page you asked for needs it. Enter the current code from your authenticator app.</p>
          <StepUpForm next={next} />
        </>
      ) : (
        <p>
          Two-step verification is not set up for your account yet. <Link href={`/settings/security?next=${encodeURIComponent(next)}`}>Set it up</Link> to continue.
        </p>
      )}
    </section>
  );
}
