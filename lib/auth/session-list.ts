import "server-only";
import { UAParser } from "ua-parser-js";
import { recordAudit } from "@/lib/audit";
import { parseAuthorities } from "@/lib/auth/authorities";
import { auditActor, type WorkspacePrincipal } from "@/lib/auth/principal";
import { isSessionLive, revokeSession, revokeUserSessions, revokeWorkspaceSessions, type ClientContext } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { actionableMember, holdsAuthorities } from "@/lib/workspaces/members";

// Session listings: a person's own sessions (/settings/sessions, /uauth/sessions), and the
// sessions inside a workspace for its ROLE_ADMIN_SESSIONS holders (/w/<subdomain>/settings/sessions,
// /uauth/workspace/sessions). Session rows follow a user across workspaces, so they are outside
// the workspace-scoped client: the workspace lists filter by `workspaceId` here, and a member's
// role is checked through `principal.db`.

/** A live session as both listings show it. */
interface ListedSession {
  id: string;
  device: string;
  ipAddress: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

/** One of the user's live sessions as their own sessions page and API show it. */
export interface UserSession extends ListedSession {
  /** The session id (the token's `sid`): shown to its owner only, who already holds it. */
  id: string;
  current: boolean;
  workspace: { name: string; subdomain: string } | null;
}

/** A live session inside a workspace, as its session administrators see it. */
export interface WorkspaceSession extends ListedSession {
  member: { id: number; email: string; name: string | null };
  /** One of the caller's own sessions (ending it signs that browser or client out). */
  own: boolean;
  /** Whether the caller may end it: not when the member's role holds an authority the caller does not. */
  endable: boolean;
}

/** The columns a listed session is read with; `revokedAt`, `expiresAt` for {@link isSessionLive}. */
const LISTED_COLUMNS = { id: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true, revokedAt: true, expiresAt: true } as const;
/** Newest activity first. */
const BY_ACTIVITY = [{ lastSeenAt: "desc" }, { createdAt: "desc" }] as const;

function listed(row: { id: string; ip: string | null; userAgent: string | null; createdAt: Date; lastSeenAt: Date }): ListedSession {
  return { id: row.id, device: deviceName(row.userAgent), ipAddress: row.ip, createdAt: row.createdAt, lastSeenAt: row.lastSeenAt };
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
    orderBy: [...BY_ACTIVITY],
    select: { ...LISTED_COLUMNS, workspace: { select: { name: true, subdomain: true } } },
  });
  return rows.filter((row) => isSessionLive(row, now)).map((row) => ({ ...listed(row), current: row.id === currentSessionId, workspace: row.workspace }));
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

/**
 * The live sessions inside the principal's workspace (selected there last, stage WORKSPACE; not
 * revoked, expired or idle) of its current members, newest activity first. A removed member's
 * session still names the workspace but is refused there on every request, so it is left out.
 */
export async function listWorkspaceSessions(principal: WorkspacePrincipal, now: Date): Promise<WorkspaceSession[]> {
  const workspaceId = principal.workspace.id;
  const rows = await db().session.findMany({
    where: { workspaceId, stage: "WORKSPACE", revokedAt: null, expiresAt: { gt: now }, user: { memberships: { some: { workspaceId } } } },
    orderBy: [...BY_ACTIVITY],
    select: {
      ...LISTED_COLUMNS,
      user: { select: { id: true, email: true, name: true, memberships: { where: { workspaceId }, select: { role: { select: { authorities: true } } } } } },
    },
  });
  return rows
    .filter((row) => isSessionLive(row, now))
    .map(({ user, ...row }) => ({
      ...listed(row),
      member: { id: user.id, email: user.email, name: user.name },
      own: user.id === principal.user.id,
      endable: user.memberships.every((membership) => holdsAuthorities(principal, parseAuthorities(membership.role.authorities))),
    }));
}

/**
 * A workspace administrator ends one live session inside the workspace: its tokens fail on their
 * next request (reason ADMIN). An id of another workspace's session, of one that has left this
 * workspace (switched away, signed out) or of an unknown one is 404; a member whose role holds an
 * authority the caller does not is 403 (the members rule, {@link actionableMember}).
 */
export async function endWorkspaceSession(principal: WorkspacePrincipal, sessionId: string, ctx: ClientContext): Promise<void> {
  const workspaceId = principal.workspace.id;
  const session = await db().session.findFirst({ where: { id: sessionId, workspaceId, stage: "WORKSPACE" }, select: { id: true, userId: true, revokedAt: true, expiresAt: true, lastSeenAt: true } });
  if (!session || !isSessionLive(session, ctx.now)) throw new AppError("NOT_FOUND");
  await actionableMember(principal, principal.db, session.userId);
  await db().$transaction(async (tx) => {
    // Conditional on the session still being inside: it may have switched away since it was read.
    if (!(await revokeSession(session.id, "ADMIN", ctx.now, tx, { inWorkspace: workspaceId }))) throw new AppError("NOT_FOUND");
    await recordAudit({ action: "auth.session.revoked", workspaceId, ...auditActor(principal), ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: session.id, metadata: { userId: session.userId } }, tx);
  });
}

/**
 * Ends every session of member `userId` inside the principal's workspace (their sessions in other
 * workspaces stay); audited with the count, which it returns. 404 for someone who is not a member,
 * 403 for a member holding an authority the caller does not.
 */
export async function endMemberWorkspaceSessions(principal: WorkspacePrincipal, userId: number, ctx: ClientContext): Promise<{ sessionsEnded: number }> {
  const workspaceId = principal.workspace.id;
  await actionableMember(principal, principal.db, userId);
  return db().$transaction(async (tx) => {
    const sessionsEnded = await revokeWorkspaceSessions(workspaceId, "ADMIN", ctx.now, tx, { userId });
    await recordAudit({ action: "workspace.member.sessions_ended", workspaceId, ...auditActor(principal), ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: userId, metadata: { sessionsEnded } }, tx);
    return { sessionsEnded };
  });
}
