import "server-only";
import { randomInt } from "node:crypto";
import { recordAudit } from "@/lib/audit";
import { matchTotp, newTotpSecret, totpUri } from "@/lib/auth/totp";
import { decrypt, encrypt, sha256 } from "@/lib/crypto";
import { db, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export const RECOVERY_CODE_COUNT = 10;

/** Whether the user has a confirmed TOTP factor. */
export async function hasTotp(userId: number, tx: Tx = db()): Promise<boolean> {
  const factor = await tx.totpFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
  return Boolean(factor?.enabledAt);
}

/**
 * Starts (or restarts) TOTP set-up: a new secret is stored, encrypted, but not enabled until a
 * first code confirms it. A confirmed factor is never replaced here.
 */
export async function beginTotpEnrollment(userId: number, account: string, secret = newTotpSecret()): Promise<{ secret: string; uri: string }> {
  const existing = await db().totpFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
  if (existing?.enabledAt) throw new AppError("CONFLICT", { message: "Two-step verification is already on." });
  await db().totpFactor.upsert({
    where: { userId },
    create: { userId, secretEncrypted: encrypt(secret) },
    update: { secretEncrypted: encrypt(secret), lastUsedStep: null },
  });
  return { secret, uri: totpUri(secret, account) };
}

/** Confirms set-up with a first code; returns the recovery codes, shown once. */
export async function confirmTotpEnrollment(userId: number, code: string, now: Date): Promise<string[]> {
  const factor = await db().totpFactor.findUnique({ where: { userId } });
  if (!factor) throw new AppError("NOT_FOUND", { message: "Start the set-up again." });
  if (factor.enabledAt) throw new AppError("CONFLICT", { message: "Two-step verification is already on." });
  const step = await matchTotp(decrypt(factor.secretEncrypted), code, now, factor.lastUsedStep);
  if (step === null) throw new AppError("INVALID_MFA_CODE", { fieldErrors: { code: "That code is not correct. Check the time on your phone and try the newest code." } });
  return db().$transaction(async (tx) => {
    const claimed = await tx.totpFactor.updateMany({ where: { userId, enabledAt: null }, data: { enabledAt: now, lastUsedStep: step } });
    if (claimed.count !== 1) throw new AppError("CONFLICT", { message: "Two-step verification is already on." });
    const codes = await replaceRecoveryCodes(userId, tx);
    await recordAudit({ action: "auth.mfa.enabled", actorUserId: userId, targetType: "user", targetId: userId }, tx);
    return codes;
  });
}

/**
 * Verifies a TOTP code for sign-in and consumes its time step. The step is claimed with a
 * conditional update (`lastUsedStep` below it), so of two parallel requests with one code
 * exactly one succeeds.
 */
export async function consumeTotp(userId: number, code: string, now: Date): Promise<boolean> {
  const factor = await db().totpFactor.findUnique({ where: { userId } });
  if (!factor?.enabledAt) return false;
  const step = await matchTotp(decrypt(factor.secretEncrypted), code, now, factor.lastUsedStep);
  if (step === null) return false;
  const claimed = await db().totpFactor.updateMany({
    where: { userId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    data: { lastUsedStep: step },
  });
  return claimed.count === 1;
}

/** Uses a recovery code once (atomically); true when it was valid and unused. */
export async function consumeRecoveryCode(userId: number, code: string, now: Date): Promise<boolean> {
  const used = await db().recoveryCode.updateMany({ where: { userId, codeHash: sha256(normaliseRecoveryCode(code)), usedAt: null }, data: { usedAt: now } });
  return used.count === 1;
}

/** Replaces every recovery code with ten new ones; returns them for a one-time display. */
export async function replaceRecoveryCodes(userId: number, tx: Tx = db()): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: sha256(normaliseRecoveryCode(code)) })) });
  return codes;
}

/** How many unused recovery codes remain. */
export function remainingRecoveryCodes(userId: number): Promise<number> {
  return db().recoveryCode.count({ where: { userId, usedAt: null } });
}

/** Turns TOTP off and deletes the recovery codes (the caller re-checked password and code). */
export async function removeTotp(userId: number): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.totpFactor.deleteMany({ where: { userId } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await recordAudit({ action: "auth.mfa.disabled", actorUserId: userId, targetType: "user", targetId: userId }, tx);
  });
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** `xxxxx-xxxxx` from a 31-letter alphabet without look-alikes: ~49 bits per code. */
function newRecoveryCode(): string {
  const letters = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
  return `${letters.slice(0, 5)}-${letters.slice(5)}`;
}

function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]+/g, "").toLowerCase();
}
