import "server-only";
import { addSeconds } from "@/lib/clock";
import { db, type Tx } from "@/lib/db/client";
import { randomToken } from "@/lib/crypto";
import { sessionEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** Session stages as stored; the token's `stage` claim is the lower-case form. */
export type SessionStage = "MFA" | "USER" | "WORKSPACE";

/** An MFA challenge must be answered within five minutes. */
export const MFA_CHALLENGE_TTL = 5 * 60;
/** Wrong codes allowed per MFA challenge. */
export const MFA_ATTEMPTS = 5;
/**
 * `lastSeenAt` is written at most once a minute: a write per request would be the hot path. The
 * idle timeout is therefore measured to within a minute.
 */
const LAST_SEEN_RESOLUTION = 60;
/** The longest a user agent is stored (sessions, refresh rotations); longer ones are cut. */
const USER_AGENT_LENGTH = 512;

export type RevokeReason =
  | "LOGOUT"
  | "USER_ENDED"
  | "ADMIN"
  | "PASSWORD_CHANGED"
  | "MEMBERSHIP_REMOVED"
  | "REFRESH_REUSE"
  | "MFA_ATTEMPTS"
  | "MFA_SUPERSEDED"
  | "MFA_ENABLED"
  | "MFA_DISABLED"
  | "MFA_RESET"
  | "IDLE_TIMEOUT"
  | "SIGNED_IN_AGAIN"
  | "WORKSPACE_SUSPENDED"
  | "USER_DISABLED";

export interface ClientContext {
  ip: string | null;
  userAgent: string | null;
  now: Date;
}

/**
 * A new session after a right password. `passwordConfirmed`: the password was typed moments ago
 * to set it, so the session starts as if it had re-entered it on the settings page.
 */
export async function createSession(userId: number, stage: "MFA" | "USER", ctx: ClientContext, tx: Tx = db(), { passwordConfirmed = false }: { passwordConfirmed?: boolean } = {}) {
  return tx.session.create({
    data: {
      id: randomToken(24),
      userId,
      stage,
      mfaPassedAt: null,
      passwordVerifiedAt: passwordConfirmed ? ctx.now : null,
      // The user's one challenge slot (unique): a parallel second challenge fails to insert.
      mfaChallengeUserId: stage === "MFA" ? userId : null,
      ip: ctx.ip,
      userAgent: storedUserAgent(ctx.userAgent),
      createdAt: ctx.now,
      lastSeenAt: ctx.now,
      expiresAt: stage === "MFA" ? addSeconds(ctx.now, MFA_CHALLENGE_TTL) : signedInUntil(ctx.now),
    },
  });
}

/** A user agent as it is stored (and compared with what was stored). */
export function storedUserAgent(userAgent: string | null): string | null {
  return userAgent?.slice(0, USER_AGENT_LENGTH) ?? null;
}

/**
 * The absolute end of a session signed in at `now` (SESSION_MAX_LIFETIME_HOURS): no refresh or
 * activity extends it.
 */
export function signedInUntil(now: Date): Date {
  return addSeconds(now, sessionEnv().maxLifetimeSeconds);
}

/**
 * Brings a session's end forward to `until` (a workspace's session policy); never later, and no
 * statement at all when `until` is not earlier than the end read. The condition makes it safe
 * beside a parallel change that shortened it further.
 */
export async function shortenSession(session: { id: string; expiresAt: Date }, until: Date, tx: Tx = db()): Promise<void> {
  if (until.getTime() >= session.expiresAt.getTime()) return;
  await tx.session.updateMany({ where: { id: session.id, expiresAt: { gt: until } }, data: { expiresAt: until } });
}

/**
 * Ends a session: every token of it stops working on its next use. With `inWorkspace`, only while
 * the session is still inside that workspace: a workspace administrator's revocation must not
 * reach a session that has switched away since it was listed.
 */
export async function revokeSession(sessionId: string, reason: RevokeReason, now: Date, tx: Tx = db(), { inWorkspace }: { inWorkspace?: number } = {}): Promise<boolean> {
  const revoked = await tx.session.updateMany({
    where: { id: sessionId, revokedAt: null, ...(inWorkspace !== undefined && { workspaceId: inWorkspace, stage: "WORKSPACE" }) },
    data: { revokedAt: now, revokedReason: reason },
  });
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
 * Ends every active session inside a workspace (the one its last selection chose), or only those
 * of `userId`; returns how many ended.
 */
export async function revokeWorkspaceSessions(workspaceId: number, reason: RevokeReason, now: Date, tx: Tx = db(), { userId }: { userId?: number } = {}): Promise<number> {
  const revoked = await tx.session.updateMany({ where: { workspaceId, revokedAt: null, ...(userId !== undefined && { userId }) }, data: { revokedAt: now, revokedReason: reason } });
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

/**
 * Notes activity, at most once per minute per session. Only requests made with an access token
 * count; refreshing does not, so a tab left open (its timer refreshing ahead of expiry) still
 * reaches the idle timeout.
 */
export async function touchSession(sessionId: string, lastSeenAt: Date, now: Date): Promise<void> {
  if (now.getTime() - lastSeenAt.getTime() < LAST_SEEN_RESOLUTION * 1000) return;
  await db().session.updateMany({ where: { id: sessionId, lastSeenAt: { lt: addSeconds(now, -LAST_SEEN_RESOLUTION) } }, data: { lastSeenAt: now } });
}

interface SessionTimes {
  revokedAt: Date | null;
  expiresAt: Date;
  lastSeenAt: Date;
}

/** When a session without activity since `lastSeenAt` times out (SESSION_IDLE_TIMEOUT_MINUTES). */
function idleUntil(session: Pick<SessionTimes, "lastSeenAt">): Date {
  return addSeconds(session.lastSeenAt, sessionEnv().idleTimeoutSeconds);
}

/** Whether a session row can still back a token at `now`: not revoked, not expired, not idle. */
export function isSessionLive(session: SessionTimes, now: Date): boolean {
  return session.revokedAt === null && session.expiresAt.getTime() > now.getTime() && idleUntil(session).getTime() > now.getTime();
}

/** The account a session belongs to and its stage while the session is live, else null. */
export async function liveSessionAccount(sessionId: string, now: Date): Promise<{ userId: number; email: string; name: string | null; stage: SessionStage } | null> {
  const session = await db().session.findUnique({
    where: { id: sessionId },
    select: { userId: true, stage: true, revokedAt: true, expiresAt: true, lastSeenAt: true, user: { select: { email: true, name: true } } },
  });
  return session && isSessionLive(session, now) ? { userId: session.userId, email: session.user.email, name: session.user.name, stage: session.stage as SessionStage } : null;
}

/**
 * Records the end of a session found idle past the timeout (the first request to notice it), at
 * the instant it timed out, so the row says why it ended and the purge counts from then.
 */
export async function endIfIdle(session: SessionTimes & { id: string }, now: Date): Promise<void> {
  const timedOut = idleUntil(session);
  if (session.revokedAt !== null || timedOut.getTime() > now.getTime()) return;
  await db().session.updateMany({ where: { id: session.id, revokedAt: null, lastSeenAt: session.lastSeenAt }, data: { revokedAt: timedOut, revokedReason: "IDLE_TIMEOUT" } });
}
