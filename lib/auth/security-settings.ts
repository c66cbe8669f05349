import "server-only";
import { recordAudit } from "@/lib/audit";
import { beginTotpEnrollment, confirmTotpEnrollment, remainingRecoveryCodes, removeTotp, replaceRecoveryCodes, spendTotp } from "@/lib/auth/mfa";
import { verifyPassword } from "@/lib/auth/password";
import { markSessionMfaPassed, type ClientContext } from "@/lib/auth/sessions";
import { reserveAttempt, throttleKeys } from "@/lib/auth/throttle";
import { totpUri } from "@/lib/auth/totp";
import { addSeconds } from "@/lib/clock";
import { decrypt } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { AppError, ERRORS } from "@/lib/errors";

// A signed-in user's own second-factor settings (/settings/security) and the step-up that lets
// a signed-in session that has not proved the second factor do so now. Whoever holds a session
// cookie is not yet the owner: starting or confirming set-up, new recovery codes and turning MFA
// off also need the account password, re-entered in this session within the last 10 minutes
// (OWASP ASVS 5.0 V6.2: re-authenticate before changing an authentication factor), or a stolen
// cookie could switch MFA on, keep the recovery codes and lock the owner out. Wrong passwords
// are throttled per user like a sign-in. Every code checked here is spent under the per-user
// MFA throttle shared with the sign-in challenge, so a stolen session cannot guess codes here
// faster than at /login/mfa. Confirming set-up needs no code throttle: it is bound to the
// session that began it (lib/auth/mfa.ts), the one session that is shown the secret.

/** How long a password re-entered on the settings page counts, in seconds. */
export const PASSWORD_CONFIRMATION_TTL = 10 * 60;

/** Where the user's TOTP set-up stands, as this session may see it. */
export type TotpSetupState =
  | { state: "off" }
  /** Begun in this session and not confirmed: the secret is shown again so an interrupted set-up can finish. */
  | { state: "pending"; secret: string; uri: string }
  /** Begun in this session, but its password confirmation has lapsed: the secret is shown again only after it. */
  | { state: "pending_locked" }
  /** Begun in another session (or outside any): its secret is never shown here; starting again replaces it. */
  | { state: "pending_elsewhere" }
  | { state: "on"; enabledAt: Date; recoveryCodesLeft: number };

/** What the settings page shows: the TOTP state, and until when this session may change it. */
export interface SecuritySettings {
  totp: TotpSetupState;
  /** Null unless this session confirmed the password within {@link PASSWORD_CONFIRMATION_TTL}. */
  passwordConfirmedUntil: Date | null;
}

/** Until when `sessionId`'s password confirmation counts at `now`, or null when it does not. */
async function passwordConfirmedUntil(sessionId: string, userId: number, now: Date): Promise<Date | null> {
  const session = await db().session.findFirst({ where: { id: sessionId, userId }, select: { passwordVerifiedAt: true } });
  if (!session?.passwordVerifiedAt) return null;
  const until = addSeconds(session.passwordVerifiedAt, PASSWORD_CONFIRMATION_TTL);
  return until.getTime() > now.getTime() ? until : null;
}

/** Throws PASSWORD_CONFIRMATION_REQUIRED unless this session confirmed the password within the last 10 minutes. */
async function requireConfirmedPassword(sessionId: string, userId: number, now: Date): Promise<void> {
  if (!(await passwordConfirmedUntil(sessionId, userId, now))) throw new AppError("PASSWORD_CONFIRMATION_REQUIRED");
}

/**
 * The settings of `userId` as `sessionId` may see them at `now`. A pending secret is decrypted
 * only for the session that began the set-up, while its password confirmation counts, and never
 * once the factor is on.
 */
export async function securitySettings(userId: number, account: string, sessionId: string, now: Date): Promise<SecuritySettings> {
  const confirmedUntil = await passwordConfirmedUntil(sessionId, userId, now);
  const view = (totp: TotpSetupState): SecuritySettings => ({ totp, passwordConfirmedUntil: confirmedUntil });
  const factor = await db().totpFactor.findUnique({ where: { userId }, select: { enabledAt: true, secretEncrypted: true, pendingSessionId: true } });
  if (!factor) return view({ state: "off" });
  if (factor.enabledAt) return view({ state: "on", enabledAt: factor.enabledAt, recoveryCodesLeft: await remainingRecoveryCodes(userId) });
  if (factor.pendingSessionId !== sessionId) return view({ state: "pending_elsewhere" });
  if (!confirmedUntil) return view({ state: "pending_locked" });
  const secret = decrypt(factor.secretEncrypted, "totp-secret", userId);
  return view({ state: "pending", secret, uri: totpUri(secret, account) });
}

const WRONG_PASSWORD = "That password is not correct.";

/**
 * The settings page's "confirm your password" step: re-checks the account password and records
 * it on this session, which may then change the second factor for 10 minutes. Each try is
 * counted per user before the hash is checked, under the sign-in account's limits.
 */
export async function confirmPassword(sessionId: string, userId: number, password: string, ctx: ClientContext): Promise<void> {
  const attempt = await reserveAttempt([throttleKeys.reauthUser(userId)], ctx.now);
  const credential = await db().passwordCredential.findUnique({ where: { userId }, select: { hash: true } });
  if (!(await verifyPassword(credential?.hash ?? null, password))) {
    await recordAudit({ action: "auth.reauth.failed", actorUserId: userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: sessionId });
    throw new AppError("INVALID_CREDENTIALS", { message: WRONG_PASSWORD, fieldErrors: { password: WRONG_PASSWORD } });
  }
  await attempt.succeeded();
  await db().$transaction(async (tx) => {
    const marked = await tx.session.updateMany({
      where: { id: sessionId, userId, revokedAt: null, expiresAt: { gt: ctx.now }, stage: { not: "MFA" } },
      data: { passwordVerifiedAt: ctx.now },
    });
    if (marked.count !== 1) throw new AppError("SESSION_ENDED");
    await recordAudit({ action: "auth.reauth.succeeded", actorUserId: userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: sessionId }, tx);
  });
}

/** Starts (or restarts, with a new key) TOTP set-up in this session ({@link beginTotpEnrollment}), after a recent password confirmation. */
export async function startTotpSetup(sessionId: string, user: { id: number; email: string }, ctx: ClientContext): Promise<void> {
  await requireConfirmedPassword(sessionId, user.id, ctx.now);
  await beginTotpEnrollment(user.id, user.email, { sessionId });
}

/**
 * Switches TOTP on with a first code ({@link confirmTotpEnrollment}) after a recent password
 * confirmation: a set-up the owner began and left open is not finished by whoever takes the
 * cookie later. Returns the recovery codes, shown once.
 */
export async function confirmTotpSetup(sessionId: string, userId: number, code: string, ctx: ClientContext): Promise<string[]> {
  await requireConfirmedPassword(sessionId, userId, ctx.now);
  return confirmTotpEnrollment(userId, code, { ...ctx, sessionId });
}

const WRONG_CODE = { code: "That code is not correct. Check the time on your phone and try the newest code." };
/** The answer to a code already spent in its time step: two operations within 30 s, the person's next code will do. */
export const REPLAYED_CODE = ERRORS.MFA_CODE_REPLAYED.message;

/**
 * Spends a current TOTP code under the per-user MFA throttle. A wrong code and a replayed one
 * both count as a failure and are refused; the replay with MFA_CODE_REPLAYED, so the person
 * waits for the next code instead of doubting the one they typed.
 */
async function spendTotpCode(userId: number, code: string, ctx: ClientContext, purpose: string): Promise<void> {
  const attempt = await reserveAttempt([throttleKeys.mfaUser(userId)], ctx.now);
  const outcome = await spendTotp(userId, code, ctx.now);
  if (outcome === "accepted") {
    await attempt.succeeded();
    return;
  }
  const replayed = outcome === "replayed";
  await recordAudit({ action: "auth.mfa.failed", actorUserId: userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: userId, metadata: { purpose, replayed } });
  if (replayed) throw new AppError("MFA_CODE_REPLAYED", { fieldErrors: { code: REPLAYED_CODE } });
  throw new AppError("INVALID_MFA_CODE", { fieldErrors: WRONG_CODE });
}

/**
 * Step-up: a signed-in session that never proved the second factor does so now, which a
 * workspace that requires MFA asks for. Turning MFA on ends every other session, so this is a
 * session that outlived that: one from before it did, or a sign-in whose password was checked
 * just before the factor was switched on.
 */
export async function confirmSessionMfa(sessionId: string, userId: number, code: string, ctx: ClientContext): Promise<void> {
  await spendTotpCode(userId, code, ctx, "step_up");
  await db().$transaction(async (tx) => {
    await markSessionMfaPassed(sessionId, userId, ctx.now, tx);
    await recordAudit(
      { action: "auth.mfa.succeeded", actorUserId: userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: sessionId, metadata: { method: "TOTP_AUTHENTICATOR", stepUp: true } },
      tx,
    );
  });
}

/** Replaces the recovery codes after a recent password confirmation and a current TOTP code; returns the new ones, shown once. */
export async function regenerateRecoveryCodes(sessionId: string, userId: number, code: string, ctx: ClientContext): Promise<string[]> {
  await requireConfirmedPassword(sessionId, userId, ctx.now);
  await spendTotpCode(userId, code, ctx, "recovery_codes");
  return db().$transaction(async (tx) => {
    const codes = await replaceRecoveryCodes(userId, tx);
    await recordAudit({ action: "auth.mfa.recovery_codes_regenerated", actorUserId: userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: userId }, tx);
    return codes;
  });
}

/**
 * Turns TOTP off after a recent password confirmation and a current code. The factor, the
 * recovery codes and every session of the user end in one transaction ({@link removeTotp}).
 */
export async function disableTotp(sessionId: string, userId: number, code: string, ctx: ClientContext): Promise<void> {
  await requireConfirmedPassword(sessionId, userId, ctx.now);
  await spendTotpCode(userId, code, ctx, "disable");
  await removeTotp(userId, ctx);
}
