import "server-only";
import { recordAudit } from "@/lib/audit";
import { checkCredentials } from "@/lib/auth/credentials";
import { createSession, type ClientContext } from "@/lib/auth/sessions";
import { reserveAttempt, throttleKeys, type Attempt } from "@/lib/auth/throttle";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Stage } from "@/lib/tokens/jwt";
import { issue, type StepResult } from "./issue";

/**
 * Step 1: e-mail and password. Unknown e-mail, wrong password and a disabled account get the
 * same answer after the same work and the same statements ({@link checkCredentials}).
 */
export async function loginWithPassword(input: { email: string; password: string }, ctx: ClientContext): Promise<StepResult> {
  let attempt: Attempt;
  try {
    attempt = await reserveAttempt([throttleKeys.loginAccount(input.email), throttleKeys.loginAddress(ctx.ip)], ctx.now);
  } catch (error) {
    await recordAudit({ action: "auth.login.throttled", ip: ctx.ip, userAgent: ctx.userAgent, metadata: { email: input.email } });
    throw error;
  }
  const checked = await checkCredentials(input.email, input.password);
  if (!checked.ok) {
    await recordAudit({ action: "auth.login.failed", actorUserId: checked.userId, ip: ctx.ip, userAgent: ctx.userAgent, metadata: { email: input.email, reason: checked.reason } });
    throw new AppError("INVALID_CREDENTIALS");
  }
  await attempt.succeeded();
  const { mfaEnabled: needsMfa, ...signedIn } = checked.user;
  return db().$transaction(async (tx) => {
    // One open MFA challenge per user: each challenge has its own five tries, so many parallel
    // challenges would multiply the guesses someone holding the password could make.
    if (needsMfa) await tx.session.updateMany({ where: { userId: signedIn.id, stage: "MFA", revokedAt: null }, data: { revokedAt: ctx.now, revokedReason: "MFA_SUPERSEDED" } });
    const session = await createSession(signedIn.id, needsMfa ? "MFA" : "USER", ctx, tx);
    const stage: Stage = needsMfa ? "mfa" : "user";
    const issued = await issue(tx, session, signedIn, stage, ctx.now);
    await recordAudit({ action: "auth.login.succeeded", actorUserId: signedIn.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: session.id, metadata: { mfaPending: needsMfa } }, tx);
    return { stage, sessionId: session.id, ...issued, user: signedIn, mfaMethods: needsMfa ? ["TOTP_AUTHENTICATOR" as const] : [] };
  });
}
