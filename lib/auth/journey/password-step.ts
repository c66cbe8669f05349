import "server-only";
import { recordAudit } from "@/lib/audit";
import { verifyPassword } from "@/lib/auth/password";
import { createSession, type ClientContext } from "@/lib/auth/sessions";
import { reserveAttempt, throttleKeys, type Attempt } from "@/lib/auth/throttle";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Stage } from "@/lib/tokens/jwt";
import { issue, type StepResult } from "./issue";

/**
 * Step 1: e-mail and password. Unknown e-mail, wrong password and a disabled account get the
 * same answer after the same work (a decoy hash is verified when there is no account).
 */
export async function loginWithPassword(input: { email: string; password: string }, ctx: ClientContext): Promise<StepResult> {
  let attempt: Attempt;
  try {
    attempt = await reserveAttempt([throttleKeys.loginAccount(input.email), throttleKeys.loginAddress(ctx.ip)], ctx.now);
  } catch (error) {
    await recordAudit({ action: "auth.login.throttled", ip: ctx.ip, userAgent: ctx.userAgent, metadata: { email: input.email } });
    throw error;
  }
  const user = await db().user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, status: true, password: { select: { hash: true } }, totp: { select: { enabledAt: true } } },
  });
  const passwordOk = await verifyPassword(user?.password?.hash ?? null, input.password);
  if (!user || !passwordOk || user.status !== "ACTIVE") {
    await recordAudit({
      action: "auth.login.failed",
      actorUserId: user?.id ?? null,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      metadata: { email: input.email, reason: !user ? "unknown_email" : !passwordOk ? "wrong_password" : "account_not_active" },
    });
    throw new AppError("INVALID_CREDENTIALS");
  }
  await attempt.succeeded();
  const needsMfa = Boolean(user.totp?.enabledAt);
  const signedIn = { id: user.id, email: user.email };
  return db().$transaction(async (tx) => {
    // One open MFA challenge per user: each challenge has its own five tries, so many parallel
    // challenges would multiply the guesses someone holding the password could make.
    if (needsMfa) await tx.session.updateMany({ where: { userId: user.id, stage: "MFA", revokedAt: null }, data: { revokedAt: ctx.now, revokedReason: "MFA_SUPERSEDED" } });
    const session = await createSession(user.id, needsMfa ? "MFA" : "USER", ctx, tx);
    const stage: Stage = needsMfa ? "mfa" : "user";
    const issued = await issue(tx, session, signedIn, stage, ctx.now);
    await recordAudit({ action: "auth.login.succeeded", actorUserId: user.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: session.id, metadata: { mfaPending: needsMfa } }, tx);
    return { stage, sessionId: session.id, ...issued, user: signedIn, mfaMethods: needsMfa ? ["TOTP_AUTHENTICATOR" as const] : [] };
  });
}
