"use server";

import { redirect } from "next/navigation";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts, requireUser } from "@/lib/auth/dal";
import { signOut } from "@/lib/auth/next-auth";
import { confirmPassword, confirmTotpSetup, disableTotp, regenerateRecoveryCodes, startTotpSetup } from "@/lib/auth/security-settings";
import { authenticatorCodeSchema, confirmPasswordSchema } from "@/lib/auth/settings-schemas";

// Every action but the password step itself needs the password confirmed in this session within
// the last 10 minutes (lib/auth/security-settings.ts): the cookie alone changes nothing here.

/** The "confirm your password" step: for 10 minutes this session may change two-step verification. */
export async function confirmPasswordAction(input: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireUser();
    const { password } = parseInput(confirmPasswordSchema, input);
    await confirmPassword(principal.sessionId, principal.user.id, password, { ...(await currentFacts()), now: new Date() });
  });
}

/**
 * Starts (or restarts, with a new key) TOTP set-up in this session; the page then shows the QR
 * code and key, here only. Starting again replaces a set-up begun in another session.
 */
export async function startTotpSetupAction(): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireUser();
    await startTotpSetup(principal.sessionId, principal.user, { ...(await currentFacts()), now: new Date() });
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
    const recoveryCodes = await confirmTotpSetup(principal.sessionId, principal.user.id, code, { ...(await currentFacts()), now: new Date() });
    return { recoveryCodes };
  });
}

/** Ten new recovery codes (the old ones stop working), after a current authenticator code. */
export async function regenerateRecoveryCodesAction(input: unknown): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  return runAction(async () => {
    const principal = await requireUser();
    const { code } = parseInput(authenticatorCodeSchema, input);
    const recoveryCodes = await regenerateRecoveryCodes(principal.sessionId, principal.user.id, code, { ...(await currentFacts()), now: new Date() });
    return { recoveryCodes };
  });
}

/** Turns TOTP off after a current code; every session of the user ends. */
export async function disableTotpAction(input: unknown): Promise<ActionResult> {
  const result = await runAction(async () => {
    const principal = await requireUser();
    const { code } = parseInput(authenticatorCodeSchema, input);
    await disableTotp(principal.sessionId, principal.user.id, code, { ...(await currentFacts()), now: new Date() });
    await signOut({ redirect: false });
  });
  if (!result.ok) return result;
  redirect("/login?notice=mfa-disabled");
}
