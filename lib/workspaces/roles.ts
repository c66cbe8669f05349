import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { formatAuthorities, parseAuthorities, type Authority } from "@/lib/auth/authorities";
import { auditActor, type WorkspacePrincipal } from "@/lib/auth/principal";
import type { ClientContext } from "@/lib/auth/sessions";
import { foreignKeyConflict } from "@/lib/db/errors";
import type { WorkspaceTx } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import type { newRoleSchema, roleChangeSchema } from "./admin-schemas";
import { requireHeldAuthorities } from "./members";

export { newRoleSchema, roleChangeSchema } from "./admin-schemas";

// Custom roles of a workspace, through the principal's workspace-scoped client: another tenant's
// role id is not found (404). Authorities come from the catalogue only, and a caller can only
// hand out (or take away) authorities they hold. Built-in roles are fixed; a role in use stays.

export interface RoleView {
  id: number;
  key: string;
  name: string;
  authorities: Authority[];
  builtIn: boolean;
}

const ROLE_SELECT = { id: true, key: true, name: true, authorities: true, builtIn: true } as const;
const view = (row: { id: number; key: string; name: string; authorities: string; builtIn: boolean }): RoleView => ({ ...row, authorities: parseAuthorities(row.authorities) });

/** The roles of the principal's workspace. */
export async function listRoles(principal: WorkspacePrincipal): Promise<RoleView[]> {
  return (await principal.db.role.findMany({ select: ROLE_SELECT, orderBy: { id: "asc" } })).map(view);
}

/** Creates a custom role with authorities the caller holds; 409 when the key is taken in this workspace. */
export async function createRole(principal: WorkspacePrincipal, input: z.output<typeof newRoleSchema>, ctx: ClientContext): Promise<RoleView> {
  requireHeldAuthorities(principal, input.authorities);
  return principal.db.$transaction(async (tx) => {
    const taken = await tx.role.findFirst({ where: { key: input.key }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", { message: "This workspace has a role with this key.", fieldErrors: { key: "Taken." } });
    const role = await tx.role.create({ data: { workspaceId: principal.workspace.id, key: input.key, name: input.name, authorities: formatAuthorities(input.authorities), builtIn: false }, select: ROLE_SELECT });
    await recordAudit({ action: "workspace.role.created", workspaceId: principal.workspace.id, ...auditActor(principal), ip: ctx.ip, userAgent: ctx.userAgent, targetType: "role", targetId: role.id, metadata: { key: role.key, authorities: input.authorities } }, tx);
    return view(role);
  });
}

/** A custom role of this workspace whose authorities the caller holds (404 unknown, 409 built-in, 403 more than the caller). */
async function editableRole(principal: WorkspacePrincipal, tx: WorkspaceTx, id: number) {
  const role = await tx.role.findFirst({ where: { id }, select: ROLE_SELECT });
  if (!role) throw new AppError("NOT_FOUND");
  if (role.builtIn) throw new AppError("CONFLICT", { message: "Built-in roles cannot be changed or deleted." });
  requireHeldAuthorities(principal, parseAuthorities(role.authorities), "This role holds authorities you do not hold.");
  return role;
}

/** Renames a custom role or sets its authorities (a subset of the caller's); members get them on their next request. */
export async function updateRole(principal: WorkspacePrincipal, id: number, input: z.output<typeof roleChangeSchema>, ctx: ClientContext): Promise<RoleView> {
  if (input.authorities) requireHeldAuthorities(principal, input.authorities);
  return principal.db.$transaction(async (tx) => {
    const role = await editableRole(principal, tx, id);
    const updated = await tx.role.update({
      where: { id: role.id },
      data: { ...(input.name !== undefined && { name: input.name }), ...(input.authorities !== undefined && { authorities: formatAuthorities(input.authorities) }) },
      select: ROLE_SELECT,
    });
    await recordAudit({ action: "workspace.role.updated", workspaceId: principal.workspace.id, ...auditActor(principal), ip: ctx.ip, userAgent: ctx.userAgent, targetType: "role", targetId: role.id, metadata: { from: parseAuthorities(role.authorities), to: parseAuthorities(updated.authorities) } }, tx);
    return view(updated);
  });
}

const ROLE_IN_USE = "This role is in use: give its members and open invitations another role first.";

/**
 * Deletes a custom role nobody holds and no open invitation grants (409 otherwise). The role's row
 * is written first (a no-op), so an invitation granting it at the same instant, which writes it
 * too, is either counted below or finds the role gone. A member given the role at the same
 * instant makes the database refuse one side (the membership's foreign key): the same 409.
 */
export async function deleteRole(principal: WorkspacePrincipal, id: number, ctx: ClientContext): Promise<void> {
  await principal.db.$transaction(async (tx) => {
    await tx.role.updateMany({ where: { id, builtIn: false }, data: { builtIn: false } });
    const role = await editableRole(principal, tx, id);
    const members = await tx.membership.count({ where: { roleId: role.id } });
    const invited = await tx.invitation.count({ where: { roleId: role.id, status: "PENDING", expiresAt: { gt: ctx.now } } });
    if (members > 0 || invited > 0) throw new AppError("CONFLICT", { message: ROLE_IN_USE });
    await tx.role.delete({ where: { id: role.id } }).catch(foreignKeyConflict(new AppError("CONFLICT", { message: ROLE_IN_USE })));
    await recordAudit({ action: "workspace.role.deleted", workspaceId: principal.workspace.id, ...auditActor(principal), ip: ctx.ip, userAgent: ctx.userAgent, targetType: "role", targetId: role.id, metadata: { key: role.key } }, tx);
  });
}
