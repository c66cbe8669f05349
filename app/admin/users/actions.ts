"use server";

import { endAllUserSessions, resetUserMfa, setUserDisabled, userPatchSchema } from "@/lib/admin/users";
import { mfaResetSchema, rowIdSchema } from "@/lib/admin/schemas";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts, requireLandlord } from "@/lib/auth/dal";
import { confirmSessionMfa } from "@/lib/auth/security-settings";

/** Ends every session of a user at once; their refresh tokens stop working with them. */
export async function endUserSessionsAction(userId: unknown): Promise<ActionResult<{ sessionsEnded: number }>> {
  return runAction(async () => {
    const principal = await requireLandlord();
    const id = parseInput(rowIdSchema, userId);
    return endAllUserSessions(id, principal.user, { ...(await currentFacts()), now: new Date() });
  });
}

/** Disables a user (every session ends at once; signing in is refused) or enables them again. */
export async function setUserStatusAction(userId: unknown, input: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireLandlord();
    const id = parseInput(rowIdSchema, userId);
    const { status } = parseInput(userPatchSchema, input);
    await setUserDisabled(id, status === "DISABLED", principal.user, { ...(await currentFacts()), now: new Date() });
  });
}

/**
 * Resets a user's two-step verification. The acting admin's own MFA must be at most 10 minutes
 * old; a current code sent along renews it first (the step-up, under the MFA throttle), so the
 * console can ask for one instead of a new sign-in.
 */
export async function resetUserMfaAction(userId: unknown, input: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireLandlord();
    const id = parseInput(rowIdSchema, userId);
    const { code } = parseInput(mfaResetSchema, input);
    const ctx = { ...(await currentFacts()), now: new Date() };
    let mfaPassedAt = principal.mfaPassedAt;
    if (code !== undefined) {
      await confirmSessionMfa(principal.sessionId, principal.user.id, code, ctx);
      mfaPassedAt = ctx.now;
    }
    await resetUserMfa(id, { id: principal.user.id, sessionId: principal.sessionId, mfaPassedAt }, ctx);
  });
}
