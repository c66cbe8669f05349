import "server-only";
import { recordAudit } from "@/lib/audit";
import { consumeTotp, remainingRecoveryCodes, removeTotp, replaceRecoveryCodes } from "@/lib/auth/mfa";
import { verifyPassword } from "@/lib/auth/password";
import { markSessionMfaPassed, type ClientContext } from "@/lib/auth/sessions";
import { reserveAttempt, throttleKeys } from "@/lib/auth/throttle";
import { totpUri } from "@/lib/auth/totp";
import { decrypt } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// A signed-in user's own second-factor settings (/settings/security) and the step-up that lets
// a signed-in session that has not proved the second factor do so now. Every check here spends a
// code of an enabled factor and shares the per-user MFA throttle with the sign-in challenge, so
// a stolen session cannot guess codes here faster than at /login/mfa. Set-up itself (begin,
// confirm) is lib/auth/mfa.ts and needs no throttle: it is bound to the session that began it,
// the one session that is shown the secret.

/** Where the user's TOTP set-up stands, as this session may see it. */
export type TotpSetupState =
  | { state: "off" }
  /** Begun in this session and not confirmed: the secret is shown again so an interrupted set-up can finish. */
  | { state: "pending"; secret: string; uri: string }
  /** Begun in another session (or outside any): its secret is never shown here; starting again replaces it. */
  | { state: "pending_elsewhere" }
  | { state: "on"; enabledAt: Date; recoveryCodesLeft: number };

/**
 * The user's TOTP state for `sessionId`. The secret is decrypted only for the session that began
 * the set-up, and never once the factor is enabled.
 */
export async function totpSetupState(userId: number, account: string, sessionId: string): Promise<TotpSetupState> {
  const factor = await db().totpFactor.findUnique({ where: { userId }, select: { enabledAt: true, secretEncrypted: true, pendingSessionId: true } });
  if (!factor) return { state: "off" };
  if (factor.enabledAt) return { state: "on", enabledAt: factor.enabledAt, recoveryCodesLeft: await remainingRecoveryCodes(userId) };
  if (factor.pendingSessionId !== sessionId) return { state: "pending_elsewhere" };
  const secret = decrypt(factor.secretEncrypted);
  return { state: "pending", secret, uri: totpUri(secret, account) };
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
 * Step-up: a signed-in session that never proved the second factor does so now, which a
 * workspace that requires MFA asks for. Turning MFA on ends every other session, so this is a
 * session that outlived that: one from before it did, or a sign-in whose password was checked
 * just before the factor was switched on.
 */
export async function confirmSessionMfa(sessionId: string, userId: number, code: string, ctx: ClientContext): Promise<void> {
  if (!(await spendTotpCode(userId, code, ctx, "step_up"))) throw new AppError("INVALID_MFA_CODE", { fieldErrors: WRONG_CODE });
  await db().$transaction(async (tx) => {
    await markSessionMfaPassed(sessionId, userId, ctx.now, tx);
    await recordAudit(
      { action: "auth.mfa.succeeded", actorUserId: userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: sessionId, metadata: { method: "TOTP_AUTHENTICATOR", stepUp: true } },
      tx,
    );
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
 * The factor, the recovery codes and every session of the user end in one transaction
 * ({@link removeTotp}).
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
  await removeTotp(userId, ctx);
}
