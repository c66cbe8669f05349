import "server-only";
import type { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { revokeWorkspaceSessions, type ClientContext } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createInvitationIn, invitationView, type Actor, type InvitationView } from "@/lib/invitations/workspace";
import { normaliseCidr } from "@/lib/net/ip";
import { createWorkspaceIn } from "@/lib/workspaces";
import { requireAllowlist } from "@/lib/workspaces/fields";
import { newWorkspaceWithSuperuserSchema, workspacePatchSchema, workspaceSuspensionSchema, type NewWorkspaceWithSuperuser, type WorkspacePatch } from "./schemas";

export { newWorkspaceWithSuperuserSchema, workspacePatchSchema, workspaceSuspensionSchema, type NewWorkspaceWithSuperuser, type WorkspacePatch };

// The landlord's side of onboarding: a workspace is created together with the invitation of its
// first superuser, and kept up (name, logo, policy) afterwards. Callers have passed the landlord
// guard (requireLandlord / apiRoute access "landlord"). The inputs' schemas are in ./schemas.ts,
// which the console's forms share.

const WORKSPACE_SELECT = {
  id: true,
  guid: true,
  name: true,
  logo: true,
  subdomain: true,
  mfaRequired: true,
  ipRestricted: true,
  createdAt: true,
  suspendedAt: true,
  suspendedReason: true,
  accessTokenMinutes: true,
  sessionHours: true,
  maxAccessTokenMinutes: true,
  maxSessionHours: true,
  ipRanges: { select: { cidr: true }, orderBy: { id: "asc" } },
} as const;

/**
 * A workspace as the landlord console sees it: the business-profile fields, its allow-list, its
 * suspension (both null unless suspended), its token policy and the landlord's bounds for it
 * (null: the platform's default and limit).
 */
export type AdminWorkspace = {
  id: number;
  guid: string;
  name: string;
  logo: string | null;
  subdomain: string;
  mfaRequired: boolean;
  ipRestricted: boolean;
  createdAt: Date;
  ipAllowlist: string[];
  suspendedAt: Date | null;
  suspendedReason: string | null;
  maxAccessTokenMinutes: number | null;
  maxSessionHours: number | null;
  accessTokenMinutes: number | null;
  sessionHours: number | null;
};

function adminWorkspace(row: Omit<AdminWorkspace, "ipAllowlist"> & { ipRanges: { cidr: string }[] }): AdminWorkspace {
  const { ipRanges, ...workspace } = row;
  return { ...workspace, ipAllowlist: ipRanges.map((range) => range.cidr) };
}

/**
 * Creates a workspace with its built-in roles and invites its first superuser, in ONE
 * transaction: the workspace, the superuser's user row (INVITED when the address is new; an
 * existing account is not touched and joins when it accepts), the invitation (single-use token,
 * stored hashed, INVITATION_TTL_HOURS), its `invitation` e-mail in the outbox and the audit
 * events. If any part fails, none of it exists. 409 when the subdomain is taken.
 */
export async function createWorkspaceWithSuperuser(input: NewWorkspaceWithSuperuser, actor: Actor, ctx: ClientContext): Promise<{ workspace: AdminWorkspace; invitation: InvitationView }> {
  const data = newWorkspaceWithSuperuserSchema.parse(input);
  const { now } = ctx;
  const { workspaceId, invitationId } = await db().$transaction(async (tx) => {
    const workspace = await createWorkspaceIn(
      tx,
      { name: data.name, subdomain: data.subdomain, logo: data.logo ?? null, mfaRequired: data.mfaRequired, ipRestricted: data.ipRestricted, ipRanges: data.ipAllowlist },
      actor.id,
    );
    const superuser = await tx.role.findUniqueOrThrow({ where: { workspaceId_key: { workspaceId: workspace.id, key: "superuser" } }, select: { id: true } });
    const invitation = await createInvitationIn(tx, { workspace, email: data.superuserEmail, roleId: superuser.id, actor }, now);
    return { workspaceId: workspace.id, invitationId: invitation.id };
  });
  return { workspace: await adminWorkspaceById(workspaceId), invitation: await invitationView(invitationId, now) };
}

async function adminWorkspaceById(id: number): Promise<AdminWorkspace> {
  const row = await db().workspace.findUnique({ where: { id }, select: WORKSPACE_SELECT });
  if (!row) throw new AppError("NOT_FOUND");
  return adminWorkspace(row);
}

/** One workspace by its public guid; 404 when there is none. */
export async function getWorkspaceByGuid(guid: string): Promise<AdminWorkspace> {
  const row = await db().workspace.findUnique({ where: { guid: guid.toLowerCase() }, select: WORKSPACE_SELECT });
  if (!row) throw new AppError("NOT_FOUND");
  return adminWorkspace(row);
}

/** Every workspace, by name, optionally those whose name or subdomain contains `query`, paged. */
export async function listAllWorkspaces(filter: { query?: string; limit: number; offset: number }): Promise<{ items: AdminWorkspace[]; total: number }> {
  const query = filter.query?.trim();
  const where = query ? { OR: [{ name: { contains: query } }, { subdomain: { contains: query.toLowerCase() } }] } : {};
  const [rows, total] = await Promise.all([
    db().workspace.findMany({ where, select: WORKSPACE_SELECT, orderBy: [{ name: "asc" }, { id: "asc" }], take: filter.limit, skip: filter.offset }),
    db().workspace.count({ where }),
  ]);
  return { items: rows.map(adminWorkspace), total };
}

/**
 * Changes a workspace's name, logo, policy or token-lifetime bounds; the allow-list is replaced as
 * a whole. A bound set below the workspace's own choice lowers that choice to the bound in the
 * same update, so the policy never exceeds what the landlord allows. Audited with the fields
 * changed (not their values), a lowered choice included.
 */
export async function updateWorkspace(guid: string, patch: WorkspacePatch, actor: Actor, ctx: ClientContext): Promise<AdminWorkspace> {
  const data = workspacePatchSchema.parse(patch);
  const id = await db().$transaction(async (tx) => {
    const current = await tx.workspace.findUnique({ where: { guid: guid.toLowerCase() }, select: { id: true, ipRestricted: true, accessTokenMinutes: true, sessionHours: true, ipRanges: { select: { cidr: true } } } });
    if (!current) throw new AppError("NOT_FOUND");
    const ranges = data.ipAllowlist ? [...new Set(data.ipAllowlist.map(normaliseCidr))] : current.ipRanges.map((range) => range.cidr);
    requireAllowlist(data.ipRestricted ?? current.ipRestricted, ranges);
    const lowered = {
      ...(exceeds(current.accessTokenMinutes, data.maxAccessTokenMinutes) && { accessTokenMinutes: data.maxAccessTokenMinutes }),
      ...(exceeds(current.sessionHours, data.maxSessionHours) && { sessionHours: data.maxSessionHours }),
    };
    await tx.workspace.update({
      where: { id: current.id },
      data: {
        ...(data.name !== undefined && { name: data.name }),
        ...(data.logo !== undefined && { logo: data.logo }),
        ...(data.mfaRequired !== undefined && { mfaRequired: data.mfaRequired }),
        ...(data.ipRestricted !== undefined && { ipRestricted: data.ipRestricted }),
        ...(data.maxAccessTokenMinutes !== undefined && { maxAccessTokenMinutes: data.maxAccessTokenMinutes }),
        ...(data.maxSessionHours !== undefined && { maxSessionHours: data.maxSessionHours }),
        ...lowered,
      },
    });
    if (data.ipAllowlist) {
      await tx.workspaceIpRange.deleteMany({ where: { workspaceId: current.id } });
      await tx.workspaceIpRange.createMany({ data: ranges.map((cidr) => ({ workspaceId: current.id, cidr })) });
    }
    await recordAudit({ action: "workspace.updated", workspaceId: current.id, actorUserId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "workspace", targetId: guid.toLowerCase(), metadata: { fields: [...Object.keys(data), ...Object.keys(lowered)] } }, tx);
    return current.id;
  });
  return adminWorkspaceById(id);
}

/** Whether a workspace's chosen lifetime is above a newly set bound (null bound: the platform's limit, which no choice exceeds). */
function exceeds(chosen: number | null, bound: number | null | undefined): bound is number {
  return chosen !== null && bound !== undefined && bound !== null && chosen > bound;
}

/**
 * Suspends a workspace: nobody enters it until it is reactivated, and in the same transaction
 * every session inside it ends (WORKSPACE_SUSPENDED), so a member's workspace and refresh tokens
 * fail on their next use; selecting it and refreshing into it are refused (403
 * WORKSPACE_SUSPENDED, with the reason). The workspace row is written first: a selection running
 * at the same instant waits on its lock and then finds it suspended (lib/auth/journey/workspace-step.ts).
 * Suspending a suspended workspace is not an error: it keeps its `suspendedAt` and takes the new
 * reason. Audited each time with the reason and the sessions ended. 404 for an unknown guid.
 */
export async function suspendWorkspace(guid: string, input: z.input<typeof workspaceSuspensionSchema>, actor: Actor, ctx: ClientContext): Promise<AdminWorkspace> {
  const { reason } = workspaceSuspensionSchema.parse(input);
  const id = await db().$transaction(async (tx) => {
    const current = await tx.workspace.findUnique({ where: { guid: guid.toLowerCase() }, select: { id: true, guid: true, suspendedAt: true } });
    if (!current) throw new AppError("NOT_FOUND");
    await tx.workspace.update({ where: { id: current.id }, data: { suspendedAt: current.suspendedAt ?? ctx.now, suspendedReason: reason } });
    const sessionsEnded = await revokeWorkspaceSessions(current.id, "WORKSPACE_SUSPENDED", ctx.now, tx);
    await recordAudit({ action: "workspace.suspended", workspaceId: current.id, actorUserId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "workspace", targetId: current.guid, metadata: { reason, sessionsEnded, alreadySuspended: current.suspendedAt !== null } }, tx);
    return current.id;
  });
  return adminWorkspaceById(id);
}

/**
 * Lifts a suspension: members may select the workspace again (their ended sessions stay ended;
 * they sign in anew). Reactivating a workspace that is not suspended changes and records nothing.
 * 404 for an unknown guid.
 */
export async function reactivateWorkspace(guid: string, actor: Actor, ctx: ClientContext): Promise<AdminWorkspace> {
  const id = await db().$transaction(async (tx) => {
    const current = await tx.workspace.findUnique({ where: { guid: guid.toLowerCase() }, select: { id: true, guid: true, suspendedAt: true, suspendedReason: true } });
    if (!current) throw new AppError("NOT_FOUND");
    if (current.suspendedAt === null) return current.id;
    await tx.workspace.update({ where: { id: current.id }, data: { suspendedAt: null, suspendedReason: null } });
    await recordAudit({ action: "workspace.reactivated", workspaceId: current.id, actorUserId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "workspace", targetId: current.guid, metadata: { suspendedAt: current.suspendedAt.toISOString(), reason: current.suspendedReason } }, tx);
    return current.id;
  });
  return adminWorkspaceById(id);
}

/** Name and subdomain of each workspace among `guids` (the audit log shows them beside its events). */
export async function workspaceLabels(guids: string[]): Promise<Map<string, { name: string; subdomain: string }>> {
  const rows = await db().workspace.findMany({ where: { guid: { in: [...new Set(guids)] } }, select: { guid: true, name: true, subdomain: true } });
  return new Map(rows.map((row) => [row.guid, { name: row.name, subdomain: row.subdomain }]));
}

/** The guid of the workspace with this subdomain, or null when there is none. */
export async function workspaceGuidOf(subdomain: string): Promise<string | null> {
  const row = await db().workspace.findUnique({ where: { subdomain: subdomain.trim().toLowerCase() }, select: { guid: true } });
  return row?.guid ?? null;
}
