import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { NewPasswordForm } from "@/app/ui/new-password-form";
import { SignOutButton } from "@/app/ui/sign-out-button";
import { WorkspaceLogo } from "@/app/ui/workspace-logo";
import { currentFacts, guardPage, requireUser, signedInAccount } from "@/lib/auth/dal";
import { isAppError } from "@/lib/errors";
import { describeInvitation, type InvitationDetails } from "@/lib/invitations";
import { setPasswordAction } from "./actions";
import { JoinWorkspaceButton } from "./join-workspace-button";

type Lookup = InvitationDetails | "NOT_FOUND" | "GONE" | "TOO_MANY_REQUESTS";

/**
 * The invitation, or why its link cannot be used. Once per request: the tab's title and the page
 * both need it, and each look-up counts against the address's throttle.
 */
const lookUpInvitation = cache(async (token: string): Promise<Lookup> =>
  describeInvitation(token, { ...(await currentFacts()), now: new Date() }).catch((error: unknown) => {
    if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "GONE" || error.code === "TOO_MANY_REQUESTS")) return error.code;
    throw error;
  }),
);

/** The tab says what the page says: a link that cannot be used is not "your invitation". */
export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const invitation = await lookUpInvitation((await params).token);
  if (invitation === "TOO_MANY_REQUESTS") return { title: "Too many attempts" };
  return { title: typeof invitation === "string" ? "Invitation not valid" : "Your invitation" };
}

const EXPIRY = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

/** One answer for every link that cannot be used: unknown, used, expired, revoked or replaced alike, naming nobody. */
function DeadLink({ throttled }: { throttled: boolean }) {
  return (
    <section className="card narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title">{throttled ? "Too many attempts" : "This link cannot be used"}</h1>
      {throttled ? (
        <p>Too many invitation links were tried from your network. Wait a few minutes and open the link again.</p>
      ) : (
        <p>It is invalid, was already used, has expired or was withdrawn. Ask the person who invited you for a new one.</p>
      )}
      <p>
        <Link href="/login">Go to sign-in</Link>
      </p>
    </section>
  );
}

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await lookUpInvitation(token);
  if (typeof invitation === "string") return <DeadLink throttled={invitation === "TOO_MANY_REQUESTS"} />;

  const { workspace } = invitation;
  const here = `/invitations/${encodeURIComponent(token)}`;
  return (
    <section className="card narrow" aria-labelledby="invitation-title">
      {workspace ? (
        <>
          <div className="workspace-head">
            <WorkspaceLogo name={workspace.name} logo={workspace.logo} />
            <h1 id="invitation-title">Join {workspace.name}</h1>
          </div>
          <p>
            {invitation.inviter} invited <strong>{invitation.email}</strong> to the workspace <strong>{workspace.name}</strong> on Gatehouse.
          </p>
        </>
      ) : (
        <>
          <h1 id="invitation-title">Set your password</h1>
          <p>
            Choose a password for <strong>{invitation.email}</strong>.
          </p>
        </>
      )}
      <p className="muted">This link expires on {EXPIRY.format(new Date(invitation.expiresAt))} UTC.</p>
      <NextStep invitation={invitation} token={token} here={here} />
    </section>
  );
}

/**
 * What the person can do with the link from where they stand: set a password (a new account),
 * sign in as the invited address, join as it, or sign out of the other account they are signed
 * in as. The actions check the same again: the page only shows the way.
 */
async function NextStep({ invitation, token, here }: { invitation: InvitationDetails; token: string; here: string }) {
  const { workspace } = invitation;
  // Only a workspace invitation reaches `sign_in` (a landlord's link of an account with a password is dead).
  const workspaceName = workspace?.name ?? "Gatehouse";
  const account = await signedInAccount();
  if (account && account.email !== invitation.email) {
    return (
      <div className="alert error">
        <p>
          You are signed in as <strong>{account.email}</strong>; this invitation is for <strong>{invitation.email}</strong>.
        </p>
        <p>Sign out, and the invitation opens again here.</p>
        <p>
          <SignOutButton next={here} label="Sign out" />
        </p>
      </div>
    );
  }
  if (invitation.next === "set_password") {
    return (
      <>
        {workspace && <h2>Choose your password</h2>}
        {workspace?.mfaRequired && (
          <p>{workspace.name} requires two-step verification: after your password, you set up an authenticator app and save recovery codes before you enter.</p>
        )}
        <NewPasswordForm token={token} email={invitation.email} workspaceName={workspace?.name ?? null} submitLabel={workspace ? "Set password and join" : "Set password"} action={setPasswordAction} />
      </>
    );
  }
  if (!account) {
    return (
      <>
        <p>This address already has a Gatehouse account: sign in with it to accept. Your password stays as it is.</p>
        <p>
          <Link className="button" href={`/login?callbackUrl=${encodeURIComponent(here)}`}>
            Sign in as {invitation.email} to join {workspaceName}
          </Link>
        </p>
      </>
    );
  }
  // Signed in as the invited address: finish an open MFA step or refresh an expired token first.
  await guardPage(() => requireUser());
  return (
    <>
      <p>
        You are signed in as <strong>{account.email}</strong>.
      </p>
      <JoinWorkspaceButton token={token} name={workspaceName} />
    </>
  );
}
