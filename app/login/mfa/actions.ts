"use server";

import { redirect } from "next/navigation";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { homePath } from "@/lib/auth/browser-session";
import { currentFacts, requireMfaPending, safeCallbackUrl } from "@/lib/auth/dal";
import { verifyMfa } from "@/lib/auth/journey";
import { signOut, storeBrowserSession, toBrowserSession } from "@/lib/auth/next-auth";
import { recoveryFormSchema, totpFormSchema } from "@/lib/auth/schemas";
import type { ErrorCode } from "@/lib/errors";

/** Outcomes after which this sign-in cannot continue: the person starts again at /login. */
const SIGN_IN_ENDED: readonly ErrorCode[] = ["MFA_CHALLENGE_ENDED", "SESSION_ENDED", "INVALID_TOKEN", "UNAUTHENTICATED"];

/** The page asked for, else the person's home (the console for a landlord admin). */
function destination(callbackUrl: unknown, signedIn: { landlord: boolean }): string {
  return safeCallbackUrl(typeof callbackUrl === "string" ? callbackUrl : null) ?? homePath(signedIn);
}

/**
 * Goes on to the page `next` names for the signed-in person; clears a dead MFA challenge from
 * the cookie and says why on the sign-in page.
 */
async function finish(result: ActionResult<{ landlord: boolean }>, next: (signedIn: { landlord: boolean }) => string): Promise<ActionResult<void>> {
  if (result.ok) redirect(next(result.data));
  if (SIGN_IN_ENDED.includes(result.code)) {
    await signOut({ redirect: false });
    redirect("/login?notice=mfa-ended");
  }
  return result;
}

/** Step 2 in the browser: a code from the authenticator app. */
export async function verifyTotpAction(input: unknown, callbackUrl: unknown): Promise<ActionResult<void>> {
  const result = await runAction(async () => {
    const principal = await requireMfaPending();
    const { code } = parseInput(totpFormSchema, input);
    const step = await verifyMfa(principal.sessionId, "TOTP_AUTHENTICATOR", code, { ...(await currentFacts()), now: new Date() });
    await storeBrowserSession(toBrowserSession(step, principal.user.isLandlordAdmin));
    return { landlord: principal.user.isLandlordAdmin };
  });
  return finish(result, (signedIn) => destination(callbackUrl, signedIn));
}

/**
 * Step 2 with a one-time recovery code instead of the authenticator. Before going on, the person
 * is told how many codes are left (threat: running out unnoticed, then losing the phone).
 */
export async function verifyRecoveryCodeAction(input: unknown, callbackUrl: unknown): Promise<ActionResult<void>> {
  const result = await runAction(async () => {
    const principal = await requireMfaPending();
    const { code } = parseInput(recoveryFormSchema, input);
    const step = await verifyMfa(principal.sessionId, "RECOVERY_CODE", code, { ...(await currentFacts()), now: new Date() });
    await storeBrowserSession(toBrowserSession(step, principal.user.isLandlordAdmin));
    return { landlord: principal.user.isLandlordAdmin };
  });
  return finish(result, (signedIn) => `/login/recovery-codes?${new URLSearchParams({ callbackUrl: destination(callbackUrl, signedIn) })}`);
}
