import "server-only";
import { recordAudit } from "@/lib/audit";
import { confirmTotpEnrollment, consumeTotp, remainingRecoveryCodes, removeTotp, replaceRecoveryCodes } from "@/lib/auth/mfa";
import { verifyPassword } from "@/lib/auth/password";
import { revokeUserSessions, type ClientContext } from "@/lib/auth/sessions";
import { reserveAttempt, throttleKeys } from "@/lib/auth/throttle";
import { totpUri } from "@/lib/auth/totp";
import { decrypt } from "@/lib/crypto";
import { db, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// A signed-in user's own second-factor settings (/settings/security) and the step-up that lets
// a session which signed in before MFA existed prove it now. Every check that spends a TOTP code
// shares the per-user MFA throttle with the sign-in challenge, so a stolen session cannot guess
// codes here faster than at /login/mfa.

/** Where the user's TOTP set-up stands, for the settings page. */
export type TotpSetupState =
  | { state: "off" }
  /** Begun but not confirmed: the secret is shown again so an interrupted set-up can finish. */
  | { state: "pending"; secret: string; uri: string }
  | { state: "on"; enabledAt: Date; recoveryCodesLeft: number };

/** The user's TOTP state; decrypts the secret only while set-up is pending (never once enabled). */
export async function totpSetupState(userId: number, account: string): Promise<TotpSetupState> {
  const factor = await db().totpFactor.findUnique({ where: { userId }, select: { enabledAt: true, secretEncrypted: true } });
  if (!factor) return { state: "off" };
  if (factor.enabledAt) return { state: "on", enabledAt: factor.enabledAt, recoveryCodesLeft: await remainingRecoveryCodes(userId) };
  const secret = decrypt(factor.secretEncrypted);
  return { state: "pending", secret, uri: totpUri(secret, account) };
}

/**
 * Records that this session has just proved the second factor, so a workspace that requires
 * MFA can be entered without signing in again. Only a live session of this user past the
 * sign-in MFA step qualifies.
 */
export async function markSessionMfaPassed(sessionId: string, userId: number, now: Date, tx: Tx = db()): Promise<void> {
  const marked = await tx.session.updateMany({
    where: { id: sessionId, userId, revokedAt: null, expiresAt: { gt: now }, stage: { not: "MFA" } },
    data: { mfaPassedAt: now },
  });
  if (marked.count !== 1) throw new AppError("SESSION_ENDED");
}

/**
 * Confirms TOTP set-up with a first code and counts that code as this session's MFA (the
 * person has just shown the authenticator). Returns the ten recovery codes, to be shown once.
 */
export async function confirmTotpSetup(sessionId: string, userId: number, code: string, ctx: ClientContext): Promise<string[]> {
  const codes = await confirmTotpEnrollment(userId, code, ctx.now);
  await markSessionMfaPassed(sessionId, userId, ctx.now);
  return codes;
}

/** Checks a current TOTP code under the per-user MFA throttle; a wrong one counts as a failure. */
async function spendTotpCode(userId: number, code: string, ctx: ClientContext, purpose: string): Promise<boolean> {
  const attempt = await reserveAttempt([throttleKeys.mfaUser(userId)], ctx.now);
  const ok = await consumeTotp(userId, code, ctx.now);
  if (ok) {
    await attempt.succeeded();
  } else {
    await recordAudit({ action: "auth.mfa.failed", actorUserId: userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: userId, metadata: { purpose } });
  }
  return ok;
}

const WRONG_CODE = { code: "That code is not correct or was already used. Wait for the next code and try again." };

/**
 * Step-up: a session that signed in without MFA (the user set it up elsewhere since) proves the
 * second factor now, which a workspace that requires MFA asks for.
 */
export async function confirmSessionMfa(sessionId: string, userId: number, code: string, ctx: ClientContext): Promise<void> {
  if (!(await spendTotpCode(userId, code, ctx, "step_up"))) throw new AppError("INVALID_MFA_CODE", { fieldErrors: WRONG_CODE });
  await markSessionMfaPassed(sessionId, userId, ctx.now);
  await recordAudit({
    action: "auth.mfa.succeeded",
    actorUserId: userId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    targetType: "session",
    targetId: sessionId,
    metadata: { method: "TOTP_AUTHENTICATOR", stepUp: true },
  });
}

/** Replaces the recovery codes after a current TOTP code; returns the new ones, shown once. */
export async function regenerateRecoveryCodes(userId: number, code: string, ctx: ClientContext): Promise<string[]> {
  if (!(await spendTotpCode(userId, code, ctx, "recovery_codes"))) throw new AppError("INVALID_MFA_CODE", { fieldErrors: WRONG_CODE });
  return db().$transaction(async (tx) => {
    const codes = await replaceRecoveryCodes(userId, tx);
    await recordAudit({ action: "auth.mfa.recovery_codes_regenerated", actorUserId: userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: userId }, tx);
    return codes;
  });
}

/**
 * Turns TOTP off after the password and a current code are both re-checked (one answer for
 * either being wrong, so this form is no password oracle for someone holding the session).
 * Every session of the user ends: each may have passed MFA and entered a workspace that
 * requires it, which they would otherwise stay in.
 */
export async function disableTotp(userId: number, password: string, code: string, ctx: ClientContext): Promise<void> {
  const attempt = await reserveAttempt([throttleKeys.mfaUser(userId)], ctx.now);
  const credential = await db().passwordCredential.findUnique({ where: { userId }, select: { hash: true } });
  const passwordOk = await verifyPassword(credential?.hash ?? null, password);
  // The code is spent only after the password matched, so a wrong password never burns it.
  const codeOk = passwordOk && (await consumeTotp(userId, code, ctx.now));
  if (!passwordOk || !codeOk) {
    await recordAudit({ action: "auth.mfa.failed", actorUserId: userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: userId, metadata: { purpose: "disable" } });
    throw new AppError("INVALID_CREDENTIALS", { message: "The password or the code is not correct." });
  }
  await attempt.succeeded();
  await removeTotp(userId);
  await revokeUserSessions(userId, "MFA_DISABLED", ctx.now);
}
