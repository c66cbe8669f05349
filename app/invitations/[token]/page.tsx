import type { Metadata } from "next";
import Link from "next/link";
import { findOpenInvitation } from "@/lib/invitations";
import { SetPasswordForm } from "./set-password-form";

export const metadata: Metadata = { title: "Set your password" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findOpenInvitation(token);
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
        Choose a password for <strong>{invitation.email}</strong>. Use at least 15 characters; a few unrelated words work well.
      </p>
      <SetPasswordForm token={token} email={invitation.email} />
    </section>
  );
}
