import "server-only";
import { UAParser } from "ua-parser-js";
import { recordAudit } from "@/lib/audit";
import { isSessionLive, revokeSession, revokeUserSessions, type ClientContext } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** One of the user's live sessions as their own sessions page and API show it. */
export interface UserSession {
  /** The session id (the token's `sid`): shown to its owner only, who already holds it. */
  id: string;
  current: boolean;
  device: string;
  ipAddress: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  workspace: { name: string; subdomain: string } | null;
}

/** "Chrome 131 on macOS" from a user agent; "Unknown device" when there is none or it says nothing. */
export function deviceName(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const { browser, os } = new UAParser(userAgent).getResult();
  const browserName = browser.name ? [browser.name, browser.major].filter(Boolean).join(" ") : null;
  // ua-parser-js 1.x still says "Mac OS"; Apple has called it macOS since 2016.
  const osName = os.name === "Mac OS" ? "macOS" : (os.name ?? null);
  if (browserName && osName) return `${browserName} on ${osName}`;
  return browserName ?? osName ?? "Unknown device";
}

/**
 * The user's live sessions (not revoked, not expired, not idle past the timeout), newest activity
 * first. MFA-pending sessions are sign-ins not finished yet, and are listed too: ending one stops
 * a half-done sign-in somewhere else.
 */
export async function listUserSessions(userId: number, currentSessionId: string, now: Date): Promise<UserSession[]> {
  const rows = await db().session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    select: { id: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true, revokedAt: true, expiresAt: true, workspace: { select: { name: true, subdomain: true } } },
  });
  return rows
    .filter((row) => isSessionLive(row, now))
    .map((row) => ({
      id: row.id,
      current: row.id === currentSessionId,
      device: deviceName(row.userAgent),
      ipAddress: row.ip,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      workspace: row.workspace,
    }));
}

/**
 * Ends one of the user's own sessions: its tokens fail on their next request, its refresh token
 * with it. Someone else's id, an unknown one and an ended one are all 404, so an id cannot be
 * probed. Ending the current session is a sign-out.
 */
export async function endUserSession(userId: number, sessionId: string, ctx: ClientContext): Promise<void> {
  await db().$transaction(async (tx) => {
    const session = await tx.session.findFirst({ where: { id: sessionId, userId }, select: { id: true, revokedAt: true, expiresAt: true, lastSeenAt: true } });
    if (!session || !isSessionLive(session, ctx.now) || !(await revokeSession(session.id, "USER_ENDED", ctx.now, tx))) throw new AppError("NOT_FOUND");
    // Named as the sign-in that opened it names it (auth.login.succeeded), so the two can be paired.
    await recordAudit({ action: "auth.session.revoked", actorUserId: userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: session.id }, tx);
  });
}

/** Ends every session of the user but the current one; audited with the count, which it returns. */
export async function endOtherUserSessions(userId: number, currentSessionId: string, ctx: ClientContext): Promise<{ sessionsEnded: number }> {
  return db().$transaction(async (tx) => {
    const sessionsEnded = await revokeUserSessions(userId, "USER_ENDED", ctx.now, tx, { except: currentSessionId });
    await recordAudit({ action: "auth.session.others_revoked", actorUserId: userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: userId, metadata: { sessionsEnded } }, tx);
    return { sessionsEnded };
  });
}
