import type { Metadata } from "next";
import Link from "next/link";
import { currentFacts } from "@/lib/auth/dal";
import { isAppError } from "@/lib/errors";
import { findOpenInvitation } from "@/lib/invitations";
import { NewPasswordForm } from "@/app/ui/new-password-form";
import { setPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Set your password" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findOpenInvitation(token, { ...(await currentFacts()), now: new Date() }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "TOO_MANY_REQUESTS") return "throttled" as const;
    throw error;
  });
  if (invitation === "throttled") {
    return (
      <section className="card narrow" aria-labelledby="invitation-title">
        <h1 id="invitation-title">Too many attempts</h1>
        <p>Too many set-password links were tried from your network. Wait a few minutes and open the link again.</p>
      </section>
    );
  }
  if (!invitation) {
    return (
      <section className="card narrow" aria-labelledby="invitation-title">
        <h1 id="invitation-title">This link cannot be used</h1>
        <p>It is invalid, was already used or has expired. Ask the person who invited you for a new one.</p>
        <p>
          <Link href="/login">Go to sign-in</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title">Set your password</h1>
      <p>
        {invitation.workspaceName ? `You have been invited to ${invitation.workspaceName}. ` : ""}
        Choose a password for <strong>{invitation.email}</strong>.
      </p>
      <NewPasswordForm token={token} email={invitation.email} submitLabel="Set password" action={setPasswordAction} />
    </section>
  );
}
