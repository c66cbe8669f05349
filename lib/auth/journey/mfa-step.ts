import "server-only";
import { recordAudit } from "@/lib/audit";
import { consumeRecoveryCode, consumeTotp } from "@/lib/auth/mfa";
import { enqueueNewSignInNotice, passwordStepFoundNewDevice } from "@/lib/auth/new-sign-in";
import { isSessionLive, MFA_ATTEMPTS, revokeSession, signedInUntil, type ClientContext } from "@/lib/auth/sessions";
import { reserveAttempt, throttleKeys, type Attempt } from "@/lib/auth/throttle";
import { db } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import { issue, type MfaMethod, type StepResult } from "./issue";

/** What a wrong code leaves; before the last attempt, that the next wrong one ends the sign-in. */
function wrongCodeMessage(attemptsLeft: number): string {
  const left = attemptsLeft === 1 ? "One attempt left: a wrong code ends this sign-in." : `${attemptsLeft} attempts left.`;
  return `That code is not correct or was already used. ${left}`;
}

/**
 * Step 2: a TOTP code or a recovery code turns an MFA-pending session into a signed-in one.
 * Each wrong code spends one of the challenge's five attempts (reserved atomically before the
 * code is checked, so parallel guesses cannot exceed the cap); the fifth ends the challenge.
 */
export async function verifyMfa(sessionId: string, method: MfaMethod, code: string, ctx: ClientContext): Promise<StepResult> {
  const session = await db().session.findUnique({ where: { id: sessionId }, include: { user: { select: { id: true, email: true, status: true } } } });
  if (!session || session.stage !== "MFA" || !isSessionLive(session, ctx.now) || session.user.status !== "ACTIVE") throw new AppError("MFA_CHALLENGE_ENDED");
  let attempt: Attempt;
  try {
    attempt = await reserveAttempt([throttleKeys.mfaUser(session.userId)], ctx.now);
  } catch (error) {
    // Only a block is a throttled attempt; a database error is not one (and would fail here too).
    if (isAppError(error) && error.code === "TOO_MANY_REQUESTS") {
      await recordAudit({ action: "auth.mfa.throttled", actorUserId: session.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: sessionId });
    }
    throw error;
  }
  const reserved = await db().session.updateMany({
    where: { id: sessionId, stage: "MFA", revokedAt: null, mfaAttempts: { lt: MFA_ATTEMPTS } },
    data: { mfaAttempts: { increment: 1 } },
  });
  if (reserved.count !== 1) throw new AppError("MFA_CHALLENGE_ENDED");

  const ok = method === "TOTP_AUTHENTICATOR" ? await consumeTotp(session.userId, code, ctx.now) : await consumeRecoveryCode(session.userId, code, ctx.now);
  const audit = { actorUserId: session.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: sessionId, metadata: { method } };
  if (!ok) {
    await recordAudit({ action: "auth.mfa.failed", ...audit });
    const { mfaAttempts } = await db().session.findUniqueOrThrow({ where: { id: sessionId }, select: { mfaAttempts: true } });
    if (mfaAttempts >= MFA_ATTEMPTS) {
      await revokeSession(sessionId, "MFA_ATTEMPTS", ctx.now);
      throw new AppError("MFA_CHALLENGE_ENDED");
    }
    throw new AppError("INVALID_MFA_CODE", { fieldErrors: { verificationCode: wrongCodeMessage(MFA_ATTEMPTS - mfaAttempts) } });
  }
  await attempt.succeeded();
  const user = { id: session.user.id, email: session.user.email };
  return db().$transaction(async (tx) => {
    const passed = await tx.session.updateMany({
      where: { id: sessionId, stage: "MFA", revokedAt: null },
      data: { stage: "USER", mfaPassedAt: ctx.now, expiresAt: signedInUntil(ctx.now), mfaChallengeUserId: null },
    });
    if (passed.count !== 1) throw new AppError("MFA_CHALLENGE_ENDED");
    const issued = await issue(tx, { id: sessionId, expiresAt: signedInUntil(ctx.now) }, user, "user", ctx.now);
    // The sign-in is complete only now: a new device found at the password step is told about here.
    if (await passwordStepFoundNewDevice(tx, sessionId)) await enqueueNewSignInNotice(tx, user.email, ctx);
    await recordAudit({ action: method === "RECOVERY_CODE" ? "auth.mfa.recovery_code_used" : "auth.mfa.succeeded", ...audit }, tx);
    return { stage: "user" as const, sessionId, ...issued, user, mfaMethods: [] };
  });
}
