import "server-only";
import { recordAudit } from "@/lib/audit";
import { parseAuthorities } from "@/lib/auth/authorities";
import { suspensionRefusal, unmetRequirements } from "@/lib/auth/policy";
import { endIfIdle, isSessionLive, type ClientContext } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { signFor, type WorkspaceResult } from "./issue";

/**
 * A session usable for choosing a workspace or refreshing: live (not idle either) and past MFA.
 * One that its workspace's suspension ended is refused with that reason while the workspace is
 * still suspended (403 WORKSPACE_SUSPENDED), so the member's client can say why; any other ended
 * session is SESSION_ENDED.
 */
export async function loadSignedInSession(sessionId: string, now: Date) {
  const session = await db().session.findUnique({
    where: { id: sessionId },
    include: {
      user: { select: { id: true, email: true, status: true, totp: { select: { enabledAt: true } } } },
      workspace: { select: { name: true, suspendedAt: true, suspendedReason: true } },
    },
  });
  if (!session || !isSessionLive(session, now) || session.user.status !== "ACTIVE") {
    if (session) await endIfIdle(session, now);
    const suspended = session?.revokedReason === "WORKSPACE_SUSPENDED" && session.workspace ? suspensionRefusal(session.workspace) : null;
    throw suspended ?? new AppError("SESSION_ENDED");
  }
  if (session.stage === "MFA") throw new AppError("MFA_REQUIRED");
  return session;
}

/**
 * Loads the workspace, membership and role; refuses, with an audit event, a caller who is not a
 * member, a suspended workspace (only a member learns that it is), or a caller who does not meet
 * the workspace's policy (MFA, IP allow-list).
 */
export async function entryCheck(session: Awaited<ReturnType<typeof loadSignedInSession>>, where: { guid: string } | { id: number }, ctx: ClientContext, step: "select" | "refresh") {
  const workspace = await db().workspace.findUnique({ where, include: { ipRanges: { select: { cidr: true } } } });
  const membership = workspace
    ? await db().membership.findUnique({ where: { workspaceId_userId: { workspaceId: workspace.id, userId: session.userId } }, include: { role: true } })
    : null;
  const audit = { action: "auth.workspace.refused" as const, actorUserId: session.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "workspace" };
  if (!workspace || !membership) {
    // Not revealing whether a workspace exists to someone outside it. The probe is recorded
    // outside any workspace's log: a tenant's admins do not learn who looked for it.
    await recordAudit({ ...audit, targetId: workspace?.guid ?? ("guid" in where ? where.guid : undefined), metadata: { step, reason: "not_a_member" } });
    throw new AppError("NOT_A_MEMBER");
  }
  const suspended = suspensionRefusal(workspace);
  if (suspended) {
    await recordAudit({ ...audit, workspaceId: workspace.id, targetId: workspace.guid, metadata: { step, reason: "suspended" } });
    throw suspended;
  }
  const requirements = unmetRequirements(
    { mfaRequired: workspace.mfaRequired, ipRestricted: workspace.ipRestricted, ipRanges: workspace.ipRanges.map((r) => r.cidr) },
    { hasMfa: Boolean(session.user.totp?.enabledAt), mfaPassed: session.mfaPassedAt !== null, ip: ctx.ip },
  );
  if (requirements.length) {
    await recordAudit({ ...audit, workspaceId: workspace.id, targetId: workspace.guid, metadata: { step, requirements } });
    throw new AppError("POLICY_REQUIREMENTS", { requirements });
  }
  return { workspace, role: membership.role };
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
  const { workspace, role } = await entryCheck(session, { guid }, ctx, "select");
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
    await recordAudit({ action: "auth.workspace.selected", ...audit }, tx);
    return (await tx.session.findUniqueOrThrow({ where: { id: sessionId }, select: { workspaceVersion: true } })).workspaceVersion;
  });
  const { token, expiresAt } = await signFor(sessionId, user, "workspace", ctx.now, { guid: workspace.guid, version: workspaceVersion, roleId: role.id, authorities });
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
