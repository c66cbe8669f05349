"use server";

import { redirect } from "next/navigation";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts, requireUser } from "@/lib/auth/dal";
import { beginTotpEnrollment, confirmTotpEnrollment } from "@/lib/auth/mfa";
import { signOut } from "@/lib/auth/next-auth";
import { disableTotp, regenerateRecoveryCodes } from "@/lib/auth/security-settings";
import { authenticatorCodeSchema, disableTotpSchema } from "@/lib/auth/settings-schemas";

/**
 * Starts (or restarts, with a new key) TOTP set-up in this session; the page then shows the QR
 * code and key, here only. Starting again replaces a set-up begun in another session.
 */
export async function startTotpSetupAction(): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireUser();
    await beginTotpEnrollment(principal.user.id, principal.user.email, { sessionId: principal.sessionId });
  });
}

/**
 * Switches TOTP on with a first code, in the session that began the set-up, and counts it as
 * this session's MFA; every other session of the user ends. The recovery codes come back once,
 * to be shown once; only their hashes are kept.
 */
export async function confirmTotpSetupAction(input: unknown): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  return runAction(async () => {
    const principal = await requireUser();
    const { code } = parseInput(authenticatorCodeSchema, input);
    const recoveryCodes = await confirmTotpEnrollment(principal.user.id, code, { ...(await currentFacts()), now: new Date(), sessionId: principal.sessionId });
    return { recoveryCodes };
  });
}

/** Ten new recovery codes (the old ones stop working), after a current authenticator code. */
export async function regenerateRecoveryCodesAction(input: unknown): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  return runAction(async () => {
    const principal = await requireUser();
    const { code } = parseInput(authenticatorCodeSchema, input);
    const recoveryCodes = await regenerateRecoveryCodes(principal.user.id, code, { ...(await currentFacts()), now: new Date() });
    return { recoveryCodes };
  });
}

/** Turns TOTP off after the password and a current code; every session of the user ends. */
export async function disableTotpAction(input: unknown): Promise<ActionResult> {
  const result = await runAction(async () => {
    const principal = await requireUser();
    const { password, code } = parseInput(disableTotpSchema, input);
    await disableTotp(principal.user.id, password, code, { ...(await currentFacts()), now: new Date() });
    await signOut({ redirect: false });
  });
  if (!result.ok) return result;
  redirect("/login?notice=mfa-disabled");
}
