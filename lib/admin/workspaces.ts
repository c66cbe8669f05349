import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import type { ClientContext } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createInvitationIn, invitationView, type Actor, type InvitationView } from "@/lib/invitations/workspace";
import { normaliseCidr } from "@/lib/net/ip";
import { cidrSchema, emailSchema } from "@/lib/validation";
import { createWorkspaceIn, newWorkspaceSchema } from "@/lib/workspaces";

// The landlord's side of onboarding: a workspace is created together with the invitation of its
// first superuser, and kept up (name, logo, policy) afterwards. Callers have passed the landlord
// guard (requireLandlord / apiRoute access "landlord").

const ipAllowlistSchema = z.array(cidrSchema).max(100, "At most 100 ranges.");
/** Turning on the IP restriction with no range would lock every member out, the superuser too. */
const allowlistNeeded = { path: ["ipAllowlist"], message: "Give at least one range when ipRestricted is on." };

/** POST /uauth/admin/workspaces: the workspace, and the superuser's address (nothing else about them). */
export const newWorkspaceWithSuperuserSchema = z
  .strictObject({
    name: newWorkspaceSchema.shape.name,
    subdomain: newWorkspaceSchema.shape.subdomain,
    logo: newWorkspaceSchema.shape.logo,
    mfaRequired: z.boolean().default(false),
    ipRestricted: z.boolean().default(false),
    ipAllowlist: ipAllowlistSchema.default([]),
    superuserEmail: emailSchema,
  })
  .refine((input) => !input.ipRestricted || input.ipAllowlist.length > 0, allowlistNeeded);
export type NewWorkspaceWithSuperuser = z.input<typeof newWorkspaceWithSuperuserSchema>;

/** PATCH /uauth/admin/workspaces/{id}: any of the settings; `ipAllowlist` replaces the list. The subdomain stays (it is in paths and bookmarks). */
export const workspacePatchSchema = z
  .strictObject({
    name: newWorkspaceSchema.shape.name.optional(),
    logo: newWorkspaceSchema.shape.logo,
    mfaRequired: z.boolean().optional(),
    ipRestricted: z.boolean().optional(),
    ipAllowlist: ipAllowlistSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: "Change at least one field." });
export type WorkspacePatch = z.input<typeof workspacePatchSchema>;

const WORKSPACE_SELECT = { id: true, guid: true, name: true, logo: true, subdomain: true, mfaRequired: true, ipRestricted: true, createdAt: true, ipRanges: { select: { cidr: true }, orderBy: { id: "asc" } } } as const;

/** A workspace as the landlord console sees it: the business-profile fields and its allow-list. */
export type AdminWorkspace = { id: number; guid: string; name: string; logo: string | null; subdomain: string; mfaRequired: boolean; ipRestricted: boolean; createdAt: Date; ipAllowlist: string[] };

function adminWorkspace(row: { id: number; guid: string; name: string; logo: string | null; subdomain: string; mfaRequired: boolean; ipRestricted: boolean; createdAt: Date; ipRanges: { cidr: string }[] }): AdminWorkspace {
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

/** Changes a workspace's name, logo or policy; the allow-list is replaced as a whole. Audited with the fields changed (not their values). */
export async function updateWorkspace(guid: string, patch: WorkspacePatch, actor: Actor, ctx: ClientContext): Promise<AdminWorkspace> {
  const data = workspacePatchSchema.parse(patch);
  const id = await db().$transaction(async (tx) => {
    const current = await tx.workspace.findUnique({ where: { guid: guid.toLowerCase() }, select: { id: true, ipRestricted: true, ipRanges: { select: { cidr: true } } } });
    if (!current) throw new AppError("NOT_FOUND");
    const ranges = data.ipAllowlist ? [...new Set(data.ipAllowlist.map(normaliseCidr))] : current.ipRanges.map((range) => range.cidr);
    if ((data.ipRestricted ?? current.ipRestricted) && ranges.length === 0) throw new AppError("VALIDATION_FAILED", { message: allowlistNeeded.message, fieldErrors: { ipAllowlist: allowlistNeeded.message } });
    await tx.workspace.update({
      where: { id: current.id },
      data: {
        ...(data.name !== undefined && { name: data.name }),
        ...(data.logo !== undefined && { logo: data.logo }),
        ...(data.mfaRequired !== undefined && { mfaRequired: data.mfaRequired }),
        ...(data.ipRestricted !== undefined && { ipRestricted: data.ipRestricted }),
      },
    });
    if (data.ipAllowlist) {
      await tx.workspaceIpRange.deleteMany({ where: { workspaceId: current.id } });
      await tx.workspaceIpRange.createMany({ data: ranges.map((cidr) => ({ workspaceId: current.id, cidr })) });
    }
    await recordAudit({ action: "workspace.updated", workspaceId: current.id, actorUserId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "workspace", targetId: guid.toLowerCase(), metadata: { fields: Object.keys(data) } }, tx);
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
