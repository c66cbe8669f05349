import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { admit, type AdmissionCandidate } from "@/lib/auth/admission";
import { formatAuthorities, ROLE_TEMPLATES, type RoleKey } from "@/lib/auth/authorities";
import { foldByWorkspace, roleOf, ROLE_COLUMNS, WORKSPACE_COLUMNS, type RoleRow, type WorkspaceRow } from "@/lib/auth/principal-rows";
import { db, type Tx } from "@/lib/db/client";
import { AppError, type PolicyRequirement } from "@/lib/errors";
import { normaliseCidr } from "@/lib/net/ip";
import { cidrSchema, subdomainSchema } from "@/lib/validation";
import { workspaceLogoSchema, workspaceNameSchema } from "./fields";

export const newWorkspaceSchema = z.object({
  name: workspaceNameSchema,
  subdomain: subdomainSchema,
  logo: workspaceLogoSchema,
  mfaRequired: z.boolean().default(false),
  ipRestricted: z.boolean().default(false),
  ipRanges: z.array(cidrSchema).max(100).default([]),
});
export type NewWorkspace = z.input<typeof newWorkspaceSchema>;

/** Creates a workspace with its built-in roles (superuser, analyst, member). */
export async function createWorkspace(input: NewWorkspace, actorUserId: number | null = null) {
  const data = newWorkspaceSchema.parse(input);
  return db().$transaction((tx) => createWorkspaceIn(tx, data, actorUserId));
}

/**
 * The rows of a new workspace inside the caller's transaction: the workspace, its allow-list and
 * built-in roles, and the audit event. 409 when the subdomain is taken; a parallel creation that
 * wins the race fails the unique key instead, which the API also answers 409.
 */
export async function createWorkspaceIn(tx: Tx, data: z.output<typeof newWorkspaceSchema>, actorUserId: number | null) {
  const taken = await tx.workspace.findUnique({ where: { subdomain: data.subdomain }, select: { id: true } });
  if (taken) throw new AppError("CONFLICT", { message: "This subdomain is taken.", fieldErrors: { subdomain: "This subdomain is taken." } });
  const workspace = await tx.workspace.create({
    data: {
      guid: randomUUID(),
      name: data.name,
      subdomain: data.subdomain,
      logo: data.logo ?? null,
      mfaRequired: data.mfaRequired,
      ipRestricted: data.ipRestricted,
      ipRanges: { create: [...new Set(data.ipRanges.map(normaliseCidr))].map((cidr) => ({ cidr })) },
      roles: {
        create: Object.entries(ROLE_TEMPLATES).map(([key, role]) => ({
          key,
          name: role.name,
          builtIn: role.builtIn,
          authorities: formatAuthorities(role.authorities),
        })),
      },
    },
  });
  await recordAudit({ action: "workspace.created", workspaceId: workspace.id, actorUserId, targetType: "workspace", targetId: workspace.guid }, tx);
  return workspace;
}

/** Makes `userId` a member of `workspaceId` with the role `roleKey` (409 when already one). */
export async function addMember(input: { workspaceId: number; userId: number; roleKey: RoleKey | string }, actorUserId: number | null = null) {
  return db().$transaction(async (tx) => {
    const role = await tx.role.findUnique({ where: { workspaceId_key: { workspaceId: input.workspaceId, key: input.roleKey } }, select: { id: true } });
    if (!role) throw new AppError("NOT_FOUND", { message: `No role "${input.roleKey}" in this workspace.` });
    const existing = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } }, select: { id: true } });
    if (existing) throw new AppError("CONFLICT", { message: "This user is already a member." });
    const membership = await tx.membership.create({ data: { workspaceId: input.workspaceId, userId: input.userId, roleId: role.id } });
    await recordAudit({ action: "workspace.member.added", workspaceId: input.workspaceId, actorUserId, targetType: "user", targetId: input.userId, metadata: { role: input.roleKey } }, tx);
    return membership;
  });
}

/**
 * The workspaces a user belongs to, the last entered first (never entered ones after them, by
 * name), each with the workspace's policy (its allow-list too) and the user's role there: one
 * statement (lib/auth/principal-rows.ts says why by hand).
 */
export async function listWorkspaces(userId: number): Promise<Array<{ workspace: WorkspaceRow; role: RoleRow }>> {
  // "IS NULL" first in the order: NULLS LAST spelled the same in SQLite and PostgreSQL.
  const rows = await db().$queryRaw<Array<Record<string, unknown>>>`
    SELECT ${WORKSPACE_COLUMNS}, ${ROLE_COLUMNS}
    FROM "Membership" AS "m"
    JOIN "Workspace" AS "w" ON "w"."id" = "m"."workspaceId"
    JOIN "Role" AS "r" ON "r"."workspaceId" = "m"."workspaceId" AND "r"."id" = "m"."roleId"
    LEFT JOIN "WorkspaceIpRange" AS "ip" ON "ip"."workspaceId" = "w"."id"
    WHERE "m"."userId" = ${userId}
    ORDER BY ("m"."lastSelectedAt" IS NULL), "m"."lastSelectedAt" DESC, "w"."name", "w"."id", "ip"."id"`;
  // The inner join always finds the role (a membership's foreign key).
  return foldByWorkspace(rows, (row) => row.w_id, (row, workspace) => ({ workspace, role: roleOf(row)! }));
}

/**
 * Notes that the member entered the workspace, inside the selection's transaction, so the list
 * and the switcher can offer the last used first. One UPDATE by the membership's unique key.
 */
export async function noteWorkspaceEntered(tx: Tx, membership: { workspaceId: number; userId: number }, now: Date): Promise<void> {
  await tx.membership.updateMany({ where: { workspaceId: membership.workspaceId, userId: membership.userId }, data: { lastSelectedAt: now } });
}

/** Whether a person may enter a workspace now, and if not, why (the same rules the selection applies). */
export type WorkspaceEntry = { kind: "open" } | { kind: "suspended"; reason: string | null } | { kind: "requirements"; requirements: PolicyRequirement[] };

/** One of a person's workspaces as the list and the switcher show it: no more than they need. */
export interface WorkspaceChoice {
  guid: string;
  name: string;
  subdomain: string;
  logo: string | null;
  /** The person's role there, by name. */
  role: string;
  mfaRequired: boolean;
  ipRestricted: boolean;
  /** The allow-list, shown to its members in a refusal's technical details. */
  ipRanges: string[];
  /** The session is working in it now. */
  current: boolean;
  entry: WorkspaceEntry;
}

/**
 * The person's workspaces in last-used order, each with whether they may enter it from here and
 * now (lib/auth/admission.ts, as the selection will decide; the selection checks again).
 */
export async function listWorkspaceChoices(
  userId: number,
  facts: { ip: string | null; mfa: NonNullable<AdmissionCandidate["mfa"]>; currentGuid: string | null },
): Promise<WorkspaceChoice[]> {
  return (await listWorkspaces(userId)).map(({ workspace, role }) => {
    const admission = admit({ workspace, role, ip: facts.ip, mfa: facts.mfa });
    const entry: WorkspaceEntry = admission.admitted
      ? { kind: "open" }
      : admission.reason === "suspended"
        ? { kind: "suspended", reason: workspace.suspendedReason }
        : { kind: "requirements", requirements: admission.requirements };
    return {
      guid: workspace.guid,
      name: workspace.name,
      subdomain: workspace.subdomain,
      logo: workspace.logo,
      role: role.name,
      mfaRequired: workspace.mfaRequired,
      ipRestricted: workspace.ipRestricted,
      ipRanges: workspace.ipRanges.map((range) => range.cidr),
      current: workspace.guid === facts.currentGuid,
      entry,
    };
  });
}
