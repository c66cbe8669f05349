import "server-only";
import { recordAudit } from "@/lib/audit";
import { checkCredentials } from "@/lib/auth/credentials";
import { deviceIdFor, issueDeviceToken } from "@/lib/auth/device-cookie";
import { createSession, type ClientContext } from "@/lib/auth/sessions";
import { throttledAttempt, throttleKeys } from "@/lib/auth/throttle";
import { db } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import type { Stage } from "@/lib/tokens/jwt";
import { issue, type StepResult } from "./issue";

export interface PasswordInput {
  email: string;
  password: string;
  /** The device cookie the client sent, if any (see lib/auth/device-cookie.ts). */
  deviceToken?: string | null;
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
  const step = await db().$transaction(async (tx) => {
    // One open MFA challenge per user: each challenge has its own five tries, so many parallel
    // challenges would multiply the guesses someone holding the password could make.
    if (needsMfa) await tx.session.updateMany({ where: { userId: signedIn.id, stage: "MFA", revokedAt: null }, data: { revokedAt: ctx.now, revokedReason: "MFA_SUPERSEDED" } });
    const session = await createSession(signedIn.id, needsMfa ? "MFA" : "USER", ctx, tx);
    const stage: Stage = needsMfa ? "mfa" : "user";
    const issued = await issue(tx, session, signedIn, stage, ctx.now);
    await recordAudit({ action: "auth.login.succeeded", actorUserId: signedIn.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: session.id, metadata: { mfaPending: needsMfa } }, tx);
    return { stage, sessionId: session.id, ...issued, user: signedIn, mfaMethods: needsMfa ? ["TOTP_AUTHENTICATOR" as const] : [] };
  });
  return { ...step, deviceToken: issueDeviceToken(signedIn.email, ctx.now) };
}
