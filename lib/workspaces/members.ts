import "server-only";
import { recordAudit } from "@/lib/audit";
import { can, parseAuthorities, type Authority } from "@/lib/auth/authorities";
import { auditActor, type WorkspacePrincipal } from "@/lib/auth/principal";
import type { ClientContext } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import type { WorkspaceTx } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import { foreignKeyConflict } from "@/lib/db/errors";
import { createInvitationIn, invitationStatus, roleDeletedConflict, type InvitationStatus } from "@/lib/invitations/workspace";
import type { InviteMember } from "./admin-schemas";

export { changeMemberRoleSchema, inviteMemberSchema, type InviteMember } from "./admin-schemas";

// Workspace administration of members: list, invite, change role, remove. Every function takes
// the caller's workspace principal and reads and writes tenant rows through `principal.db`, so an
// id of another workspace is simply not found (404). Authorities are checked by the route
// (`apiRoute({ authority })`) and again here where they depend on the row: nobody grants, or acts
// on a member holding, an authority they do not hold themselves.

/** Authorities that let a caller see the member list: any of the member-administration ones. */
export const MEMBER_ADMIN_AUTHORITIES = ["ROLE_ADMIN_INVITEUSER", "ROLE_ADMIN_EDITUSER", "ROLE_ADMIN_REMOVEUSER"] as const satisfies readonly Authority[];

/** 403 unless the principal holds at least one of `authorities`. */
export function requireAnyAuthority(principal: WorkspacePrincipal, authorities: readonly Authority[]): void {
  if (!authorities.some((authority) => can(principal, authority))) throw new AppError("FORBIDDEN");
}

/** Whether the principal holds every one of `authorities` (what lets it act on a role or member holding them). */
export function holdsAuthorities(principal: WorkspacePrincipal, authorities: readonly Authority[]): boolean {
  return authorities.every((authority) => can(principal, authority));
}

/** 403 when `authorities` holds one the principal does not: nobody hands out more than they hold. */
export function requireHeldAuthorities(principal: WorkspacePrincipal, authorities: readonly Authority[], message = "You cannot grant an authority you do not hold."): void {
  if (!holdsAuthorities(principal, authorities)) throw new AppError("FORBIDDEN", { message });
}

/** The key of the built-in role the "last superuser" invariant protects. */
export const SUPERUSER_KEY = "superuser";

/**
 * The one rule about a role: a workspace always keeps at least one member with the built-in
 * superuser role. Call it first inside the transaction that gives member `userId` the role
 * `newRoleId` (null: removes them). It first writes the superuser role's row (a no-op update),
 * which takes that row's lock on PostgreSQL and SQLite's write lock before anything is read, so
 * two administrators demoting each other at the same instant are serialised: the second one
 * counts after the first has committed and is refused.
 */
export async function assertNotLastSuperuser(tx: WorkspaceTx, userId: number, newRoleId: number | null): Promise<void> {
  await lockSuperuserRole(tx);
  const superuser = await tx.role.findFirst({ where: { key: SUPERUSER_KEY, builtIn: true }, select: { id: true } });
  if (!superuser || newRoleId === superuser.id) return;
  const target = await tx.membership.findFirst({ where: { userId, roleId: superuser.id }, select: { id: true } });
  if (!target) return;
  const superusers = await tx.membership.count({ where: { roleId: superuser.id } });
  if (superusers <= 1) throw new AppError("CONFLICT", { message: "The workspace's last superuser can be neither demoted nor removed: make someone else superuser first." });
}

/** The no-op write that serialises changes to who is superuser (see assertNotLastSuperuser); taking it twice in one transaction is harmless. */
async function lockSuperuserRole(tx: WorkspaceTx): Promise<void> {
  await tx.role.updateMany({ where: { key: SUPERUSER_KEY, builtIn: true }, data: { builtIn: true } });
}

export interface MemberView {
  userId: number;
  email: string;
  name: string | null;
  role: { id: number; key: string; name: string };
  joinedAt: string;
}

export interface PendingInvitationView {
  id: number;
  email: string;
  status: InvitationStatus;
  expiresAt: string;
  role: { id: number; key: string; name: string } | null;
}

/** The members of the principal's workspace and its pending (open or undelivered) invitations. */
export async function listMembers(principal: WorkspacePrincipal, now: Date): Promise<{ members: MemberView[]; invitations: PendingInvitationView[] }> {
  const [memberships, roles, invitations] = await Promise.all([
    principal.db.membership.findMany({ select: { userId: true, roleId: true, createdAt: true, user: { select: { email: true, name: true } } }, orderBy: { id: "asc" } }),
    principal.db.role.findMany({ select: { id: true, key: true, name: true } }),
    principal.db.invitation.findMany({ where: { status: "PENDING", expiresAt: { gt: now } }, select: { id: true, email: true, status: true, expiresAt: true, roleId: true, emailId: true }, orderBy: { id: "asc" } }),
  ]);
  const roleById = new Map(roles.map((role) => [role.id, role]));
  const emailIds = invitations.map((row) => row.emailId).filter((id): id is number => id !== null);
  const emails = await principal.db.outboxEmail.findMany({ where: { id: { in: emailIds } }, select: { id: true, status: true } });
  const delivery = new Map(emails.map((email) => [email.id, email.status === "SENT" ? "SENT" : email.status === "FAILED" ? "DELIVERY_FAILED" : "QUEUED"] as const));
  return {
    members: memberships.map((row) => ({ userId: row.userId, email: row.user.email, name: row.user.name, role: roleById.get(row.roleId)!, joinedAt: row.createdAt.toISOString() })),
    invitations: invitations.map((row) => ({
      id: row.id,
      email: row.email,
      status: invitationStatus(row, row.emailId === null ? null : (delivery.get(row.emailId) ?? null), now),
      expiresAt: row.expiresAt.toISOString(),
      role: (row.roleId !== null && roleById.get(row.roleId)) || null,
    })),
  };
}

/** A role of the principal's workspace that the principal may grant; 404 for another tenant's id. */
async function grantableRole(principal: WorkspacePrincipal, tx: WorkspaceTx, roleId: number) {
  const role = await tx.role.findFirst({ where: { id: roleId }, select: { id: true, key: true, name: true, authorities: true } });
  if (!role) throw new AppError("NOT_FOUND", { message: "No such role in this workspace." });
  requireHeldAuthorities(principal, parseAuthorities(role.authorities), "This role holds authorities you do not hold: you cannot grant it.");
  return role;
}

/**
 * The member `userId` of the principal's workspace (404 for anyone else), refusing (403) one whose
 * role holds an authority the caller does not: the rule for every act on a member (changing the
 * role, removing them, ending their sessions).
 */
export async function actionableMember(principal: WorkspacePrincipal, tx: WorkspaceTx, userId: number) {
  const member = await tx.membership.findFirst({ where: { userId }, select: { id: true, roleId: true, role: { select: { authorities: true } } } });
  if (!member) throw new AppError("NOT_FOUND");
  requireHeldAuthorities(principal, parseAuthorities(member.role.authorities), "This member holds authorities you do not hold.");
  return member;
}

/**
 * Invites an address into the principal's workspace with a role it may grant. The invitation, its
 * outbox e-mail and the audit events are one transaction (`createInvitationIn`, the invitation
 * domain; it needs the global client because it may create the invited user's row, which is
 * outside any tenant, and it writes only rows of this workspace's id). 409 when the address is a
 * member already or has a pending invitation.
 */
export async function inviteMember(principal: WorkspacePrincipal, input: InviteMember, ctx: ClientContext): Promise<{ id: number; email: string; status: InvitationStatus; expiresAt: string }> {
  const role = await grantableRole(principal, principal.db, input.roleId);
  const member = await principal.db.membership.findFirst({ where: { user: { email: input.email } }, select: { id: true } });
  if (member) throw new AppError("CONFLICT", { message: "This address is already a member of this workspace.", fieldErrors: { email: "Already a member." } });
  const invitation = await db().$transaction((tx) =>
    createInvitationIn(tx, { workspace: { id: principal.workspace.id, name: principal.workspace.name }, email: input.email, roleId: role.id, actor: { id: principal.user.id, name: principal.user.name } }, ctx.now),
  );
  return { id: invitation.id, email: invitation.email, status: "queued", expiresAt: invitation.expiresAt.toISOString() };
}

/**
 * Gives member `userId` another role of this workspace. Refused (403) when the new role or the
 * member's current one holds an authority the caller lacks; 409 when it would demote the last
 * superuser, or when the role is deleted at the same instant. The member's next request reads the
 * new role's authorities.
 */
export async function changeMemberRole(principal: WorkspacePrincipal, userId: number, roleId: number, ctx: ClientContext): Promise<MemberView> {
  await principal.db.$transaction(async (tx) => {
    // The lock first (before anything is read), then the caller's right to act on this member,
    // then the count: someone who may not act on the superuser learns nothing about who is the last one.
    await lockSuperuserRole(tx);
    const member = await actionableMember(principal, tx, userId);
    await assertNotLastSuperuser(tx, userId, roleId);
    const role = await grantableRole(principal, tx, roleId);
    if (member.roleId === role.id) return;
    await tx.membership.update({ where: { id: member.id }, data: { roleId: role.id } }).catch(foreignKeyConflict(roleDeletedConflict()));
    await recordAudit({ action: "workspace.member.role_changed", workspaceId: principal.workspace.id, ...auditActor(principal), ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: userId, metadata: { from: member.roleId, to: role.id } }, tx);
  });
  return memberView(principal, userId);
}

/**
 * Removes member `userId` from this workspace. Their workspace tokens stop working on the next
 * request (every request re-reads the membership). 403 when the member holds an authority the
 * caller lacks; 409 for the last superuser.
 */
export async function removeMember(principal: WorkspacePrincipal, userId: number, ctx: ClientContext): Promise<void> {
  await principal.db.$transaction(async (tx) => {
    await lockSuperuserRole(tx);
    const member = await actionableMember(principal, tx, userId);
    await assertNotLastSuperuser(tx, userId, null);
    await tx.membership.delete({ where: { id: member.id } });
    await recordAudit({ action: "workspace.member.removed", workspaceId: principal.workspace.id, ...auditActor(principal), ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: userId, metadata: { roleId: member.roleId } }, tx);
  });
}

async function memberView(principal: WorkspacePrincipal, userId: number): Promise<MemberView> {
  const row = await principal.db.membership.findFirst({ where: { userId }, select: { userId: true, createdAt: true, role: { select: { id: true, key: true, name: true } }, user: { select: { email: true, name: true } } } });
  if (!row) throw new AppError("NOT_FOUND");
  return { userId: row.userId, email: row.user.email, name: row.user.name, role: row.role, joinedAt: row.createdAt.toISOString() };
}
