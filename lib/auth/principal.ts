import "server-only";
import { parseAuthorities, type Authority } from "@/lib/auth/authorities";
import { suspensionRefusal, unmetNetworkRequirements } from "@/lib/auth/policy";
import { endIfIdle, isSessionLive, touchSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { workspaceDb, type WorkspaceDb } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import type { Stage } from "@/lib/tokens/claims";
import { verifyAccessToken } from "@/lib/tokens/verify";

/** Who a valid access token speaks for, re-read from the database on every request. */
export interface SessionPrincipal {
  kind: "session";
  stage: Stage;
  sessionId: string;
  user: { id: number; email: string; name: string | null; isLandlordAdmin: boolean; hasMfa: boolean };
  mfaPassedAt: Date | null;
  /** The workspace this session has selected, if any (its membership and policy not checked here). */
  selectedWorkspaceGuid: string | null;
}

export interface WorkspacePrincipal extends SessionPrincipal {
  stage: "workspace";
  workspace: { id: number; guid: string; name: string; subdomain: string; logo: string | null; mfaRequired: boolean; ipRestricted: boolean; createdAt: Date };
  role: { id: number; key: string; name: string };
  /** From the role as it is now, never from the token. */
  authorities: Authority[];
  /** A client confined to this workspace's rows. */
  db: WorkspaceDb;
}

export type Principal = SessionPrincipal | WorkspacePrincipal;

/**
 * How much the caller needs: `session` — who is signed in (a workspace token counts as a plain
 * session, so someone outside a workspace's allow-list can still list workspaces, switch or sign
 * out); `workspace` — the workspace of a workspace token, with membership and IP policy checked
 * as they are now; `current` — the workspace when the token has one, the session otherwise.
 */
export type Need = "session" | "workspace" | "current";

/**
 * Resolves an access token into a principal: signature, issuer, audience and expiry first
 * (no database work for a forged token), then the session row (live: not revoked, expired or
 * idle past the timeout; same stage, same workspace version), the user (active), and for a
 * workspace token the membership, role, the workspace's suspension and IP policy as they are now.
 * The request counts as the session's activity.
 */
export async function resolveAccessToken(token: string, ip: string | null, now: Date, need: Need): Promise<Principal> {
  const claims = await verifyAccessToken(token, ["mfa", "user", "workspace"], now);
  if (!claims) throw new AppError("INVALID_TOKEN");
  const userId = Number(claims.sub);
  if (!Number.isSafeInteger(userId)) throw new AppError("INVALID_TOKEN");
  // One Prisma call for everything a request needs (Prisma runs it as several statements, one
  // per relation, not one SQL read): session, user, and (for a workspace token) the workspace
  // with its allow-list and this user's membership and role.
  const session = await db().session.findUnique({
    where: { id: claims.sid },
    select: {
      id: true,
      userId: true,
      stage: true,
      workspaceVersion: true,
      mfaPassedAt: true,
      revokedAt: true,
      revokedReason: true,
      expiresAt: true,
      lastSeenAt: true,
      user: { select: { id: true, email: true, name: true, status: true, isLandlordAdmin: true, totp: { select: { enabledAt: true } } } },
      workspace: {
        select: {
          id: true,
          guid: true,
          name: true,
          subdomain: true,
          logo: true,
          mfaRequired: true,
          ipRestricted: true,
          createdAt: true,
          suspendedAt: true,
          suspendedReason: true,
          ipRanges: { select: { cidr: true } },
          memberships: { where: { userId }, select: { role: { select: { id: true, key: true, name: true, authorities: true } } } },
        },
      },
    },
  });
  if (!session || !isSessionLive(session, now) || String(session.userId) !== claims.sub || session.user.status !== "ACTIVE") {
    if (session) await endIfIdle(session, now);
    // An MFA challenge that ran out of tries or time says so, whatever code comes with it.
    const challengeOver = claims.stage === "mfa" && (session?.revokedReason === "MFA_ATTEMPTS" || (session?.revokedAt === null && !isSessionLive(session, now)));
    throw new AppError(challengeOver ? "MFA_CHALLENGE_ENDED" : "SESSION_ENDED");
  }
  const stageMatches =
    claims.stage === "mfa" ? session.stage === "MFA" : claims.stage === "user" ? session.stage !== "MFA" : session.stage === "WORKSPACE" && session.workspace?.guid === claims.ws && session.workspaceVersion === claims.wsv;
  // A workspace token of a session that has since switched (or logged in again elsewhere) ends here.
  if (!stageMatches) throw new AppError("SESSION_ENDED");
  await touchSession(session.id, session.lastSeenAt, now);

  const base: SessionPrincipal = {
    kind: "session",
    stage: claims.stage,
    sessionId: session.id,
    user: { id: session.user.id, email: session.user.email, name: session.user.name, isLandlordAdmin: session.user.isLandlordAdmin, hasMfa: Boolean(session.user.totp?.enabledAt) },
    mfaPassedAt: session.mfaPassedAt,
    selectedWorkspaceGuid: session.stage === "WORKSPACE" ? (session.workspace?.guid ?? null) : null,
  };
  if (claims.stage !== "workspace" || !session.workspace || need === "session") return base;

  const workspace = session.workspace;
  const membership = workspace.memberships[0];
  if (!membership) throw new AppError("NOT_A_MEMBER");
  // Suspension ends the sessions inside, and selection waits for it; this is the last line should a session be inside anyway.
  const suspended = suspensionRefusal(workspace);
  if (suspended) throw suspended;
  const requirements = unmetNetworkRequirements({ mfaRequired: false, ipRestricted: workspace.ipRestricted, ipRanges: workspace.ipRanges.map((r) => r.cidr) }, ip);
  if (requirements.length) throw new AppError("POLICY_REQUIREMENTS", { requirements });
  const { role } = membership;
  let scoped: WorkspaceDb | undefined;
  return {
    ...base,
    stage: "workspace",
    workspace: {
      id: workspace.id,
      guid: workspace.guid,
      name: workspace.name,
      subdomain: workspace.subdomain,
      logo: workspace.logo,
      mfaRequired: workspace.mfaRequired,
      ipRestricted: workspace.ipRestricted,
      createdAt: workspace.createdAt,
    },
    role: { id: role.id, key: role.key, name: role.name },
    authorities: parseAuthorities(role.authorities),
    get db() {
      // Built on first use (most requests never query tenant rows through it), then kept.
      scoped ??= workspaceDb(workspace.id);
      return scoped;
    },
  };
}

export function isWorkspacePrincipal(principal: Principal): principal is WorkspacePrincipal {
  return "workspace" in principal;
}

/** Refuses principals below `stage` with the step they still owe (403). */
export function requireStage<S extends "user" | "workspace">(principal: Principal, stage: S): asserts principal is S extends "workspace" ? WorkspacePrincipal : Principal {
  if (principal.stage === "mfa") throw new AppError("MFA_REQUIRED");
  if (stage === "workspace" && !isWorkspacePrincipal(principal)) throw new AppError("WORKSPACE_REQUIRED");
}

/**
 * Refuses anyone but a landlord admin who passed MFA in this session. The MFA-pending stage is
 * refused first (MFA_REQUIRED); a tenant user is LANDLORD_ONLY whatever their workspace role; a
 * landlord whose session never passed MFA (no factor yet, or signed in before MFA went on) is
 * MFA_REQUIRED: the console holds every tenant, so a password alone never opens it.
 */
export function requireLandlordPrincipal(principal: Principal): void {
  requireStage(principal, "user");
  if (!principal.user.isLandlordAdmin) throw new AppError("LANDLORD_ONLY");
  if (!principal.mfaPassedAt) throw new AppError("MFA_REQUIRED", { message: "Platform administration needs multi-factor authentication passed in this session." });
}
