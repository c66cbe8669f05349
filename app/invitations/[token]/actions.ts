"use server";

import { redirect } from "next/navigation";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts, requireUser, signedInAccount } from "@/lib/auth/dal";
import { signInWithPassword } from "@/lib/auth/next-auth";
import { isAppError } from "@/lib/errors";
import { acceptInvitation, acceptWorkspaceInvitation } from "@/lib/invitations";
import { chooseNewPasswordSchema } from "@/lib/validation";

/**
 * A new account's password through its one-time link, under the password policy; a workspace
 * invitation also makes it a member. Refused while the browser is signed in as another account.
 * The person is then signed in with that password (its set-up of two-step verification, which a
 * workspace may require, does not ask for it again), or, when the sign-in is refused (throttled,
 * busy), sent to sign in by hand: the password is set either way.
 */
export async function setPasswordAction(token: unknown, input: unknown): Promise<ActionResult> {
  const result = await runAction(async () => {
    const { password } = parseInput(chooseNewPasswordSchema, input);
    const signedIn = await signedInAccount();
    const { email } = await acceptInvitation(String(token), password, { ...(await currentFacts()), now: new Date() }, { signedInUserId: signedIn?.userId ?? null });
    try {
      await signInWithPassword({ email, password }, { passwordJustSet: true });
      // As after /login: the next step decides (middleware sends a signed-in session to its
      // home: the console for a landlord admin, the workspace list for everyone else).
      return "/login/mfa";
    } catch (error) {
      if (!isAppError(error)) throw error;
      return "/login?notice=password-set";
    }
  });
  if (!result.ok) return result;
  redirect(result.data);
}

/**
 * An existing account joins the workspace of an invitation for its own address, signed in as it
 * (the domain refuses any other account). Its password is never touched.
 */
export async function joinWorkspaceAction(token: unknown): Promise<ActionResult> {
  const result = await runAction(async () => {
    const principal = await requireUser();
    await acceptWorkspaceInvitation(String(token), { signedInUserId: principal.user.id }, { ...(await currentFacts()), now: new Date() });
  });
  if (!result.ok) return result;
  redirect("/workspaces");
}
