import "server-only";
import { recordAudit } from "@/lib/audit";
import { checkCredentials } from "@/lib/auth/credentials";
import { deviceIdFor, issueDeviceToken } from "@/lib/auth/device-cookie";
import { enqueueNewSignInNotice, isNewDevice } from "@/lib/auth/new-sign-in";
import { createSession, type ClientContext } from "@/lib/auth/sessions";
import { throttledAttempt, throttleKeys } from "@/lib/auth/throttle";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError, isAppError } from "@/lib/errors";
import type { Stage } from "@/lib/tokens/jwt";
import { issue, type SignedInUser, type StepResult } from "./issue";

export interface PasswordInput {
  email: string;
  password: string;
  /** The device cookie the client sent, if any (see lib/auth/device-cookie.ts). */
  deviceToken?: string | null;
  /**
   * The password was typed moments ago to set it (an invitation link, app/invitations): the new
   * session counts as having re-entered it for the settings page (lib/auth/security-settings.ts),
   * so a new member's first MFA set-up does not ask for it once more.
   */
  passwordConfirmed?: boolean;
}

export interface PasswordStepResult extends StepResult {
  /** A fresh device token for the client to keep as its device cookie. */
  deviceToken: string;
}

/**
 * Step 1: e-mail and password. Unknown e-mail, wrong password and a disabled account get the
 * same answer after the same work and the same statements ({@link checkCredentials}). The
 * attempt is throttled per address and per account, or per device for a client that signed in
 * to this account before (throttleKeys.login); a right password gives its counts back.
 */
export async function loginWithPassword(input: PasswordInput, ctx: ClientContext): Promise<PasswordStepResult> {
  const deviceId = deviceIdFor(input.deviceToken, input.email, ctx.now);
  const keys = throttleKeys.login(input.email, ctx.ip, deviceId);
  const checked = await throttledAttempt(keys, ctx.now, async (attempt) => {
    const outcome = await checkCredentials(input.email, input.password);
    if (outcome.ok) await attempt.succeeded();
    return outcome;
  }).catch(async (error: unknown) => {
    if (isAppError(error) && error.code === "TOO_MANY_REQUESTS") {
      await recordAudit({ action: "auth.login.throttled", ip: ctx.ip, userAgent: ctx.userAgent, metadata: { email: input.email, knownDevice: deviceId !== null } });
    }
    throw error;
  });
  if (!checked.ok) {
    await recordAudit({ action: "auth.login.failed", actorUserId: checked.userId, ip: ctx.ip, userAgent: ctx.userAgent, metadata: { email: input.email, reason: checked.reason } });
    throw new AppError("INVALID_CREDENTIALS");
  }
  const { mfaEnabled: needsMfa, ...signedIn } = checked.user;
  const newDevice = deviceId === null && (await isNewDevice(signedIn.id, ctx));
  const step = await openSession(signedIn, needsMfa, ctx, { passwordConfirmed: input.passwordConfirmed ?? false, newDevice });
  return { ...step, deviceToken: issueDeviceToken(signedIn.email, ctx.now) };
}

/**
 * Tries at opening a session when parallel sign-ins of one MFA user race for its challenge slot:
 * each round one of them wins, so only a crowd of them answers 503.
 */
const SLOT_RACE_ROUNDS = 5;

/**
 * The session after a right password, with its tokens. One open MFA challenge per user: each
 * challenge has its own five tries, so parallel challenges would multiply the guesses someone
 * holding the password could make. A new challenge ends the previous one and takes the user's
 * slot (`Session.mfaChallengeUserId`, unique); when two sign-ins race for it, the database
 * refuses the second insert and that sign-in starts over, superseding the first, as if it had
 * come a moment later. A sign-in from a new device (lib/auth/new-sign-in.ts) that needs no MFA
 * queues its notice here, in the session's transaction; one that does records it for the MFA step.
 */
async function openSession(user: SignedInUser, needsMfa: boolean, ctx: ClientContext, options: { passwordConfirmed: boolean; newDevice: boolean }): Promise<StepResult> {
  for (let round = 1; ; round++) {
    try {
      return await db().$transaction(async (tx) => {
        if (needsMfa) {
          // Ending a challenge and freeing its slot is one write per row, and only ended ones
          // are freed apart: a challenge committed in between keeps its slot, so this insert
          // fails instead of leaving it live beside this one.
          await tx.session.updateMany({ where: { userId: user.id, stage: "MFA", revokedAt: null }, data: { revokedAt: ctx.now, revokedReason: "MFA_SUPERSEDED", mfaChallengeUserId: null } });
          await tx.session.updateMany({ where: { mfaChallengeUserId: user.id, revokedAt: { not: null } }, data: { mfaChallengeUserId: null } });
        }
        const session = await createSession(user.id, needsMfa ? "MFA" : "USER", ctx, tx, { passwordConfirmed: options.passwordConfirmed });
        const stage: Stage = needsMfa ? "mfa" : "user";
        const issued = await issue(tx, session, user, stage, ctx.now);
        if (options.newDevice && !needsMfa) await enqueueNewSignInNotice(tx, user.email, ctx);
        await recordAudit(
          { action: "auth.login.succeeded", actorUserId: user.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: session.id, metadata: { mfaPending: needsMfa, newDevice: options.newDevice } },
          tx,
        );
        return { stage, sessionId: session.id, ...issued, user, mfaMethods: needsMfa ? ["TOTP_AUTHENTICATOR" as const] : [] };
      });
    } catch (error) {
      if (!(needsMfa && isUniqueViolation(error))) throw error;
      if (round === SLOT_RACE_ROUNDS) throw new AppError("SERVICE_BUSY", { retryAfter: 1 });
    }
  }
}
