import "server-only";
import { addSeconds } from "@/lib/clock";
import { db, type Tx } from "@/lib/db/client";
import { randomToken } from "@/lib/crypto";
import { AppError } from "@/lib/errors";

/** Session stages as stored; the token's `stage` claim is the lower-case form. */
export type SessionStage = "MFA" | "USER" | "WORKSPACE";

/** An MFA challenge must be answered within five minutes. */
export const MFA_CHALLENGE_TTL = 5 * 60;
/** A signed-in session ends twelve hours after sign-in, whatever refreshes happen. */
export const SESSION_TTL = 12 * 60 * 60;
/** Wrong codes allowed per MFA challenge. */
export const MFA_ATTEMPTS = 5;
/** `lastSeenAt` is written at most once a minute: a write per request would be the hot path. */
const LAST_SEEN_RESOLUTION = 60;

export type RevokeReason = "LOGOUT" | "ADMIN" | "PASSWORD_CHANGED" | "MEMBERSHIP_REMOVED" | "REFRESH_REUSE" | "MFA_ATTEMPTS" | "MFA_SUPERSEDED" | "MFA_ENABLED" | "MFA_DISABLED";

export interface ClientContext {
  ip: string | null;
  userAgent: string | null;
  now: Date;
}

export async function createSession(userId: number, stage: "MFA" | "USER", ctx: ClientContext, tx: Tx = db()) {
  return tx.session.create({
    data: {
      id: randomToken(24),
      userId,
      stage,
      mfaPassedAt: null,
      // The user's one challenge slot (unique): a parallel second challenge fails to insert.
      mfaChallengeUserId: stage === "MFA" ? userId : null,
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 512) ?? null,
      createdAt: ctx.now,
      lastSeenAt: ctx.now,
      expiresAt: addSeconds(ctx.now, stage === "MFA" ? MFA_CHALLENGE_TTL : SESSION_TTL),
    },
  });
}

/** Ends a session: every token of it stops working on its next use. */
export async function revokeSession(sessionId: string, reason: RevokeReason, now: Date, tx: Tx = db()): Promise<boolean> {
  const revoked = await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } });
  return revoked.count === 1;
}

/**
 * Ends every active session of a user (password change, MFA turned on or off), or every one
 * but `except` (the session that made the change); returns how many ended.
 */
export async function revokeUserSessions(userId: number, reason: RevokeReason, now: Date, tx: Tx = db(), { except = null }: { except?: string | null } = {}): Promise<number> {
  const revoked = await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(except !== null && { id: { not: except } }) },
    data: { revokedAt: now, revokedReason: reason },
  });
  return revoked.count;
}

/**
 * Records that this session has just proved the second factor, so a workspace that requires
 * MFA can be entered without signing in again. Only a live session of this user past the
 * sign-in MFA step qualifies; anything else throws SESSION_ENDED, which inside a transaction
 * undoes the change that proved the factor.
 */
export async function markSessionMfaPassed(sessionId: string, userId: number, now: Date, tx: Tx = db()): Promise<void> {
  const marked = await tx.session.updateMany({
    where: { id: sessionId, userId, revokedAt: null, expiresAt: { gt: now }, stage: { not: "MFA" } },
    data: { mfaPassedAt: now },
  });
  if (marked.count !== 1) throw new AppError("SESSION_ENDED");
}

/** Notes activity, at most once per minute per session. */
export async function touchSession(sessionId: string, lastSeenAt: Date, now: Date): Promise<void> {
  if (now.getTime() - lastSeenAt.getTime() < LAST_SEEN_RESOLUTION * 1000) return;
  await db().session.updateMany({ where: { id: sessionId, lastSeenAt: { lt: addSeconds(now, -LAST_SEEN_RESOLUTION) } }, data: { lastSeenAt: now } });
}

/** Whether a session row can still back a token at `now`. */
export function isSessionLive(session: { revokedAt: Date | null; expiresAt: Date }, now: Date): boolean {
  return session.revokedAt === null && session.expiresAt.getTime() > now.getTime();
}
