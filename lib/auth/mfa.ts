import "server-only";
import { randomInt } from "node:crypto";
import { recordAudit } from "@/lib/audit";
import { markSessionMfaPassed, revokeUserSessions, type ClientContext } from "@/lib/auth/sessions";
import { matchTotp, newTotpSecret, totpUri } from "@/lib/auth/totp";
import { decrypt, encrypt, keyedHash } from "@/lib/crypto";
import { db, type Tx } from "@/lib/db/client";
import { enqueueEmail } from "@/lib/email/outbox";
import { AppError } from "@/lib/errors";

export const RECOVERY_CODE_COUNT = 10;

/** Whether the user has a confirmed TOTP factor. */
export async function hasTotp(userId: number, tx: Tx = db()): Promise<boolean> {
  const factor = await tx.totpFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
  return Boolean(factor?.enabledAt);
}

/** Who confirms a set-up: the session (none for the seed and test fixtures), client and time. */
export interface EnrollmentContext {
  now: Date;
  sessionId?: string;
  ip?: string | null;
  userAgent?: string | null;
}

const ALREADY_ON = "Two-step verification is already on.";
/** A set-up belongs to the session that began it; any other is told to begin its own. */
const SETUP_IN_OTHER_SESSION = "Set-up was started in another session. Start again here.";
const SETUP_CHANGED = "The set-up changed meanwhile. Reload the page.";

/**
 * Starts (or restarts) TOTP set-up: a new secret is stored, encrypted, but not enabled until a
 * first code confirms it. The set-up belongs to `sessionId`: only that session is shown the
 * secret and may confirm it, so another sign-in with the same password can neither read it nor
 * get the owner to confirm a secret it chose. Starting again (in any session) replaces the
 * secret and the owner. A confirmed factor is never replaced here.
 */
export async function beginTotpEnrollment(userId: number, account: string, options: { sessionId?: string; secret?: string } = {}): Promise<{ secret: string; uri: string }> {
  const { sessionId = null, secret = newTotpSecret() } = options;
  const existing = await db().totpFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
  if (existing?.enabledAt) throw new AppError("CONFLICT", { message: ALREADY_ON });
  // A factor confirmed since the read above is left alone (enabledAt: null in the update's match).
  const pending = { secretEncrypted: encrypt(secret, "totp-secret", userId), lastUsedStep: null, pendingSessionId: sessionId };
  const replaced = await db().totpFactor.updateMany({ where: { userId, enabledAt: null }, data: pending });
  if (replaced.count === 0) {
    try {
      await db().totpFactor.create({ data: { userId, ...pending } });
    } catch (error) {
      // Another request made the factor first (a set-up begun in parallel, confirmed meanwhile).
      if (await db().totpFactor.findUnique({ where: { userId }, select: { userId: true } })) throw new AppError("CONFLICT", { message: SETUP_CHANGED });
      throw error;
    }
  }
  return { secret, uri: totpUri(secret, account) };
}

/**
 * Confirms set-up with a first code, in the session that began it (without a session only a
 * set-up begun without one), and returns the ten recovery codes, shown once. One transaction
 * switches the factor on, ends every other session of the user (a sign-in with the password
 * alone, perhaps not the owner's, must not outlive MFA), replaces the recovery codes, counts the
 * code as this session's MFA, queues the "turned on" notice and audits it; if any step fails, MFA
 * stays off and nothing is sent. No throttle: only the session that was shown the secret may
 * confirm, and it has no code to guess.
 */
export async function confirmTotpEnrollment(userId: number, code: string, ctx: EnrollmentContext): Promise<string[]> {
  const sessionId = ctx.sessionId ?? null;
  const factor = await db().totpFactor.findUnique({ where: { userId } });
  if (!factor) throw new AppError("NOT_FOUND", { message: "Start the set-up again." });
  if (factor.enabledAt) throw new AppError("CONFLICT", { message: ALREADY_ON });
  if (factor.pendingSessionId !== sessionId) throw new AppError("CONFLICT", { message: SETUP_IN_OTHER_SESSION });
  const step = await matchTotp(decrypt(factor.secretEncrypted, "totp-secret", userId), code, ctx.now, factor.lastUsedStep);
  if (step === null) throw new AppError("INVALID_MFA_CODE", { fieldErrors: { code: "That code is not correct. Check the time on your phone and try the newest code." } });
  return db().$transaction(async (tx) => {
    // Only the secret the code was checked against, still pending in this session: a restart
    // since then (here or elsewhere) or a parallel confirmation wins over this one.
    const claimed = await tx.totpFactor.updateMany({
      where: { userId, enabledAt: null, pendingSessionId: sessionId, secretEncrypted: factor.secretEncrypted },
      data: { enabledAt: ctx.now, lastUsedStep: step, pendingSessionId: null },
    });
    if (claimed.count !== 1) throw new AppError("CONFLICT", { message: SETUP_CHANGED });
    const otherSessionsEnded = await revokeUserSessions(userId, "MFA_ENABLED", ctx.now, tx, { except: sessionId });
    const codes = await replaceRecoveryCodes(userId, tx);
    if (sessionId !== null) await markSessionMfaPassed(sessionId, userId, ctx.now, tx);
    await enqueueMfaNotice(tx, userId, "enabled", ctx.now);
    await recordAudit(
      { action: "auth.mfa.enabled", actorUserId: userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: userId, metadata: { sessionId, otherSessionsEnded } },
      tx,
    );
    return codes;
  });
}

/** What a TOTP code was: accepted (its time step now spent), a replay of a step already spent, or wrong. */
export type TotpOutcome = "accepted" | "replayed" | "wrong";

/**
 * Verifies a TOTP code and consumes its time step. The step is claimed with a conditional update
 * (`lastUsedStep` below it), so of two parallel requests with one code exactly one is accepted;
 * a code of a step already spent is told apart from a wrong one, so the person can be told to
 * wait for the next code.
 */
export async function spendTotp(userId: number, code: string, now: Date): Promise<TotpOutcome> {
  const factor = await db().totpFactor.findUnique({ where: { userId } });
  if (!factor?.enabledAt) return "wrong";
  const step = await matchTotp(decrypt(factor.secretEncrypted, "totp-secret", userId), code, now, null);
  if (step === null) return "wrong";
  if (factor.lastUsedStep !== null && step <= factor.lastUsedStep) return "replayed";
  const claimed = await db().totpFactor.updateMany({
    where: { userId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    data: { lastUsedStep: step },
  });
  // Lost to a parallel request with the same code: a replay by the time it counts.
  return claimed.count === 1 ? "accepted" : "replayed";
}

/** Whether a TOTP code is accepted for sign-in (see {@link spendTotp}). */
export async function consumeTotp(userId: number, code: string, now: Date): Promise<boolean> {
  return (await spendTotp(userId, code, now)) === "accepted";
}

/** Uses a recovery code once (atomically); true when it was valid and unused. */
export async function consumeRecoveryCode(userId: number, code: string, now: Date): Promise<boolean> {
  const used = await db().recoveryCode.updateMany({ where: { userId, codeHash: recoveryCodeHash(code), usedAt: null }, data: { usedAt: now } });
  return used.count === 1;
}

/** Replaces every recovery code with ten new ones; returns them for a one-time display. */
export async function replaceRecoveryCodes(userId: number, tx: Tx = db()): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: recoveryCodeHash(code) })) });
  return codes;
}

/** How many unused recovery codes remain. */
export function remainingRecoveryCodes(userId: number): Promise<number> {
  return db().recoveryCode.count({ where: { userId, usedAt: null } });
}

/**
 * Turns TOTP off, deletes the recovery codes, ends every session of the user and queues the
 * "turned off" notice, in one transaction (the caller re-checked password and code). Each session
 * may have passed MFA and entered a workspace that requires it, where it would otherwise stay.
 */
export async function removeTotp(userId: number, ctx: ClientContext): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.totpFactor.deleteMany({ where: { userId } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    const sessionsEnded = await revokeUserSessions(userId, "MFA_DISABLED", ctx.now, tx);
    await enqueueMfaNotice(tx, userId, "disabled", ctx.now);
    await recordAudit({ action: "auth.mfa.disabled", actorUserId: userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: userId, metadata: { sessionsEnded } }, tx);
  });
}

/** The "two-step verification was turned on / off" e-mail to the account's owner, in the change's transaction. */
async function enqueueMfaNotice(tx: Tx, userId: number, change: "enabled" | "disabled", now: Date): Promise<void> {
  const { email } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  await enqueueEmail(tx, { to: email, template: "mfa-changed", props: { change, changedAt: now.toISOString() }, now });
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** `xxxxx-xxxxx` from a 31-letter alphabet without look-alikes: ~49 bits per code. */
function newRecoveryCode(): string {
  const letters = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
  return `${letters.slice(0, 5)}-${letters.slice(5)}`;
}

/**
 * HMAC-SHA-256 under a sub-key of the environment's secret: ~49 bits fall to an offline search of
 * an unkeyed hash, so a copy of the database must not be enough to test guesses.
 */
function recoveryCodeHash(code: string): string {
  return keyedHash("recovery-code", code.replace(/[\s-]+/g, "").toLowerCase());
}
