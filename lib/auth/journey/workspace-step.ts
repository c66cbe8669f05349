import "server-only";
import { recordAudit } from "@/lib/audit";
import { parseAuthorities } from "@/lib/auth/authorities";
import { admit } from "@/lib/auth/admission";
import { readSession, readWorkspaceAdmission, type SessionRow } from "@/lib/auth/principal-rows";
import { suspensionRefusal } from "@/lib/auth/policy";
import { endIfIdle, isSessionLive, shortenSession, type ClientContext } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { noteWorkspaceEntered } from "@/lib/workspaces";
import { sessionEndIn, tokenLifetimes } from "@/lib/workspaces/token-policy";
import { signFor, type WorkspaceResult } from "./issue";

/**
 * A session usable for choosing a workspace or refreshing: live (not idle either) and past MFA.
 * One that its workspace's suspension ended is refused with that reason while the workspace is
 * still suspended (403 WORKSPACE_SUSPENDED), so the member's client can say why; any other ended
 * session is SESSION_ENDED.
 */
export async function loadSignedInSession(sessionId: string, now: Date): Promise<SessionRow> {
  const session = await readSession(sessionId);
  if (!session || !isSessionLive(session, now) || session.user.status !== "ACTIVE") {
    if (session) await endIfIdle(session, now);
    const suspended = session?.revokedReason === "WORKSPACE_SUSPENDED" && session.workspace ? suspensionRefusal(session.workspace) : null;
    throw suspended ?? new AppError("SESSION_ENDED");
  }
  if (session.stage === "MFA") throw new AppError("MFA_REQUIRED");
  return session;
}

/**
 * Admits the session's user to the workspace (lib/auth/admission.ts, the MFA policy included);
 * a refusal (not a member, suspended — only a member learns that —, unmet policy) is audited
 * and thrown. Ends a session older than the workspace's
 * session policy allows. Returns when the session ends once it is in the workspace
 * (`sessionEnd`, still ahead of now) and how long its workspace tokens live.
 */
export async function entryCheck(session: SessionRow, where: { guid: string } | { id: number }, ctx: ClientContext, step: "select" | "refresh") {
  const { workspace, role } = await readWorkspaceAdmission(where, session.userId);
  const admission = admit({ workspace, role, ip: ctx.ip, mfa: { hasMfa: session.user.totpEnabledAt !== null, mfaPassed: session.mfaPassedAt !== null } });
  const audit = { action: "auth.workspace.refused" as const, actorUserId: session.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "workspace" };
  if (!admission.admitted) {
    // Not revealing whether a workspace exists to someone outside it: that probe is recorded
    // outside any workspace's log, so a tenant's admins do not learn who looked for it.
    const outsider = admission.reason === "not_a_member";
    const metadata = admission.reason === "requirements" ? { step, requirements: admission.requirements } : { step, reason: admission.reason };
    await recordAudit({ ...audit, workspaceId: outsider ? null : workspace!.id, targetId: workspace?.guid ?? ("guid" in where ? where.guid : undefined), metadata });
    throw admission.error;
  }
  // Admitted: both rows exist.
  const entered = { workspace: workspace!, role: role! };
  const lifetimes = tokenLifetimes(entered.workspace);
  const sessionEnd = sessionEndIn(entered.workspace, session);
  if (sessionEnd.getTime() <= ctx.now.getTime()) {
    // Signed in longer ago than the workspace allows: capping the session ends it.
    await shortenSession(session, sessionEnd);
    await recordAudit({ ...audit, workspaceId: entered.workspace.id, targetId: entered.workspace.guid, metadata: { step, reason: "session_lifetime" } });
    throw new AppError("SESSION_ENDED", { message: `${entered.workspace.name} allows sessions of at most ${lifetimes.sessionHours} ${lifetimes.sessionHours === 1 ? "hour" : "hours"}: sign in again to enter it.` });
  }
  return { ...entered, sessionEnd, lifetimeSeconds: lifetimes.accessTokenMinutes * 60 };
}

/**
 * Step 3: choose a workspace. Refused with the list of unmet requirements when the workspace's
 * policy (MFA, IP allow-list) is not met, and with the reason when it is suspended. The session
 * moves to the workspace and its version is bumped, so any earlier workspace token of this
 * session stops working. Only an access token comes back: the session's refresh token stays
 * where it is (with the client that signed in) and refreshes into workspace tokens from now on.
 */
export async function selectWorkspace(sessionId: string, guid: string, ctx: ClientContext): Promise<WorkspaceResult> {
  const session = await loadSignedInSession(sessionId, ctx.now);
  const { workspace, role, sessionEnd, lifetimeSeconds } = await entryCheck(session, { guid }, ctx, "select");
  const audit = { workspaceId: workspace.id, actorUserId: session.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "workspace", targetId: workspace.guid };
  const user = { id: session.user.id, email: session.user.email };
  const authorities = parseAuthorities(role.authorities);
  const workspaceVersion = await db().$transaction(async (tx) => {
    // A write to the workspace's row (a no-op while it is open) before the session moves in: a
    // suspension in progress holds that row's lock, so this waits and then finds it suspended;
    // one that starts later finds the session inside and ends it. Nobody is left in unnoticed.
    const open = await tx.workspace.updateMany({ where: { id: workspace.id, suspendedAt: null }, data: { suspendedAt: null } });
    if (open.count !== 1) throw suspensionRefusal(await tx.workspace.findUniqueOrThrow({ where: { id: workspace.id }, select: { name: true, suspendedAt: true, suspendedReason: true } })) ?? new AppError("WORKSPACE_SUSPENDED");
    // Conditional: a session revoked a moment ago (logout in another tab) is refused, not a 500.
    const moved = await tx.session.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { stage: "WORKSPACE", workspaceId: workspace.id, workspaceVersion: { increment: 1 } },
    });
    if (moved.count !== 1) throw new AppError("SESSION_ENDED");
    await noteWorkspaceEntered(tx, { workspaceId: workspace.id, userId: session.userId }, ctx.now);
    await shortenSession(session, sessionEnd, tx);
    await recordAudit({ action: "auth.workspace.selected", ...audit }, tx);
    return (await tx.session.findUniqueOrThrow({ where: { id: sessionId }, select: { workspaceVersion: true } })).workspaceVersion;
  });
  const { token, expiresAt } = await signFor(sessionId, user, "workspace", ctx.now, { guid: workspace.guid, version: workspaceVersion, roleId: role.id, authorities, lifetimeSeconds });
  return {
    stage: "workspace",
    sessionId,
    token,
    expiresAt,
    user,
    mfaMethods: [],
    workspace: { id: workspace.id, guid: workspace.guid, name: workspace.name, subdomain: workspace.subdomain },
    role: { id: role.id, key: role.key, name: role.name },
    authorities,
  };
}
