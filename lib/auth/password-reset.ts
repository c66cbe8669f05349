import "server-only";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { enforcePasswordPolicy } from "@/lib/auth/password-policy";
import { revokeUserSessions, type ClientContext } from "@/lib/auth/sessions";
import { reserveAttempt, throttleKeys } from "@/lib/auth/throttle";
import { addSeconds } from "@/lib/clock";
import { randomToken, sha256 } from "@/lib/crypto";
import { db, type Db } from "@/lib/db/client";
import { enqueueEmail } from "@/lib/email/outbox";
import { AppError } from "@/lib/errors";
import { emailSchema } from "@/lib/validation";

/** A reset link works for 30 minutes (OWASP Forgot Password Cheat Sheet: short-lived, single use). */
export const PASSWORD_RESET_TTL = 30 * 60;

/** What a link's token looks like: 32 random bytes, base64url. Anything else is not looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

const UNKNOWN_LINK = "This link is not valid. Ask for a new one on the sign-in page.";
const SPENT_LINK = "This link was already used, was replaced by a newer one or has expired. Ask for a new one.";

/**
 * Asks for a reset link for `emailInput`. The caller learns nothing: the answer is the same
 * whether the address is unknown, DISABLED, INVITED or ACTIVE, and so is the work. Every request
 * is counted per client address and per e-mail before anything is read (each sends an e-mail,
 * so the count is never given back), and one transaction sends the same kinds of statements in
 * the same order for a hit and every miss: read the user, revoke earlier links, write a link
 * (a decoy delete on a miss), write the e-mail (a decoy delete on a miss), audit. Only an
 * ACTIVE account gets a link: an INVITED one has its own set-password link, a DISABLED one
 * must not be reopened by e-mail. The link and its e-mail commit or roll back together.
 * `client` is for tests that record the statements.
 */
export async function requestPasswordReset(emailInput: string, ctx: ClientContext, client: Db = db()): Promise<void> {
  const email = emailSchema.parse(emailInput);
  const { now } = ctx;
  await reserveAttempt(throttleKeys.resetRequest(email, ctx.ip), now);
  // Made for every request, so a miss spends the same randomness and hashing as a hit.
  const token = randomToken(32);
  const tokenHash = sha256(token);
  const expiresAt = addSeconds(now, PASSWORD_RESET_TTL);
  await client.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, status: true } });
    // Keyed by the e-mail, not the id: the same statement whether or not the account exists.
    await tx.passwordResetToken.updateMany({ where: { user: { email }, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const active = user?.status === "ACTIVE";
    if (active) {
      await tx.passwordResetToken.create({ data: { userId: user.id, tokenHash, createdAt: now, expiresAt }, select: { id: true } });
      await enqueueEmail(tx, { to: email, template: "password-reset", props: { token, expiresAt: expiresAt.toISOString() }, now });
    } else {
      // Decoys matching nothing (a fresh hash, a fresh key), standing in for the two writes.
      await tx.passwordResetToken.deleteMany({ where: { tokenHash } });
      await tx.outboxEmail.deleteMany({ where: { idempotencyKey: `decoy-${tokenHash}` } });
    }
    await recordAudit(
      {
        action: "auth.password.reset_requested",
        actorUserId: user?.id ?? null,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        targetType: "user",
        ...(user && { targetId: user.id }),
        // For the log's reader only; never in the answer.
        metadata: { outcome: active ? "sent" : user ? `not_sent_${user.status.toLowerCase()}` : "not_sent_unknown" },
      },
      tx,
    );
  });
}

type OpenReset = { id: number; userId: number; email: string };

/**
 * The open reset behind a link token. Every look-up is counted against the client's address
 * before the token is checked; a token that exists (open or spent) gives its count back, so only
 * guesses use up the budget. NOT_FOUND for a token that never existed, GONE for one used,
 * superseded or expired (at `ctx.now`), or whose account is no longer ACTIVE.
 */
export async function findOpenPasswordReset(token: string, ctx: ClientContext): Promise<OpenReset> {
  const attempt = await reserveAttempt(ctx.ip ? [throttleKeys.resetTokenAddress(ctx.ip)] : [], ctx.now);
  if (!TOKEN_SHAPE.test(token)) throw new AppError("NOT_FOUND", { message: UNKNOWN_LINK });
  const row = await db().passwordResetToken.findUnique({
    where: { tokenHash: sha256(token) },
    select: { id: true, userId: true, usedAt: true, revokedAt: true, expiresAt: true, user: { select: { email: true, status: true } } },
  });
  if (!row) throw new AppError("NOT_FOUND", { message: UNKNOWN_LINK });
  await attempt.succeeded();
  if (row.usedAt || row.revokedAt || row.expiresAt.getTime() <= ctx.now.getTime() || row.user.status !== "ACTIVE") throw new AppError("GONE", { message: SPENT_LINK });
  return { id: row.id, userId: row.userId, email: row.user.email };
}

/**
 * Sets a new password through a reset link. The password goes through the one policy before
 * the link is spent (a refused password leaves the link usable); then one transaction claims
 * the link with a conditional update (of two parallel resets exactly one wins, the other gets
 * GONE), stores the argon2id hash, revokes the user's other links, ends EVERY session of the
 * user (whoever held the old password is signed out), queues the "password changed" notice and
 * audits. The second factor is left alone: a reset proves control of the mailbox, not of the
 * authenticator, so the next sign-in still asks for the TOTP code.
 */
export async function resetPassword(token: string, newPassword: string, ctx: ClientContext): Promise<{ email: string }> {
  const { now } = ctx;
  const open = await findOpenPasswordReset(token, ctx);
  enforcePasswordPolicy(newPassword, open.email);
  const hash = await hashPassword(newPassword);
  return db().$transaction(async (tx) => {
    const claimed = await tx.passwordResetToken.updateMany({ where: { id: open.id, usedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count !== 1) throw new AppError("GONE", { message: SPENT_LINK });
    // Still ACTIVE: an account disabled since the look-up keeps its state and its old password.
    if ((await tx.user.count({ where: { id: open.userId, status: "ACTIVE" } })) !== 1) throw new AppError("GONE", { message: SPENT_LINK });
    await tx.passwordCredential.upsert({ where: { userId: open.userId }, create: { userId: open.userId, hash }, update: { hash } });
    await tx.passwordResetToken.updateMany({ where: { userId: open.userId, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const sessionsEnded = await revokeUserSessions(open.userId, "PASSWORD_CHANGED", now, tx);
    await enqueueEmail(tx, { to: open.email, template: "password-changed", props: { changedAt: now.toISOString() }, now });
    await recordAudit(
      { action: "auth.password.reset", actorUserId: open.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: open.userId, metadata: { sessionsEnded } },
      tx,
    );
    return { email: open.email };
  });
}
