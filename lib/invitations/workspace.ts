import "server-only";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { enforcePasswordPolicy } from "@/lib/auth/password-policy";
import { revokeUserSessions, type ClientContext } from "@/lib/auth/sessions";
import { reserveAttempt, throttleKeys } from "@/lib/auth/throttle";
import { addSeconds } from "@/lib/clock";
import { randomToken, sha256 } from "@/lib/crypto";
import { db, type Tx } from "@/lib/db/client";
import { enqueueEmail } from "@/lib/email/outbox";
import { invitationEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { emailSchema } from "@/lib/validation";

// Workspace invitations: a link (single-use token, stored as SHA-256) that makes its holder a
// member of one workspace with one role. The invitation row, its e-mail (outbox) and the audit
// event are written in one transaction, so an invitation is never created without its e-mail
// and an e-mail never carries a link that does not exist. Accepting is one transaction too.

/** Who acts: the landlord admin or workspace admin behind the request. */
export interface Actor {
  id: number;
  name: string | null;
}

/** The name an invitation e-mail and page show for the inviter: never their e-mail address. */
export function inviterName(actor: { name: string | null } | null): string {
  return actor?.name?.trim() || "A Gatehouse administrator";
}

export type InvitationStatus = "queued" | "sent" | "delivery_failed" | "accepted" | "expired" | "revoked";

const LINK_DEAD = "This invitation was already used, has expired or was withdrawn. Ask for a new one.";

const LINK_UNKNOWN = "This invitation link is not valid.";
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

/** A role granted (by an invitation or a role change) while someone deleted it: the database refuses the foreign key. */
export function roleDeletedConflict(): AppError {
  return new AppError("CONFLICT", { message: "This role was deleted a moment ago: choose another one.", fieldErrors: { roleId: "Deleted a moment ago." } });
}

/**
 * Writes an invitation and its e-mail inside the caller's transaction. The invited address gets
 * a user row when it has none (status INVITED, no password); an existing account is not touched:
 * it becomes a member when it accepts. 409 when the address already has a pending, unexpired
 * invitation to this workspace (resend that one instead).
 */
export async function createInvitationIn(
  tx: Tx,
  input: { workspace: { id: number; name: string }; email: string; roleId: number; actor: Actor | null },
  now: Date,
): Promise<{ id: number; email: string; expiresAt: Date; token: string; userCreated: boolean }> {
  const email = emailSchema.parse(input.email);
  // The invited account's row is written first (a no-op, or the new row for a new address), so two
  // invitations of one address at the same instant are serialised on it: the second waits, then
  // finds the first one pending (or, for a new address, fails the unique e-mail): 409 either way.
  // Raw SQL because a model update would also set `updatedAt`: the account stays as it was.
  const existing = (await tx.$executeRaw`UPDATE "User" SET "email" = "email" WHERE "email" = ${email}`) === 1;
  const pending = await tx.invitation.findFirst({ where: { workspaceId: input.workspace.id, email, status: "PENDING", expiresAt: { gt: now } }, select: { id: true } });
  if (pending) throw new AppError("CONFLICT", { message: "This address already has a pending invitation to this workspace: resend it instead.", fieldErrors: { email: "Already invited." } });
  if (!existing) {
    const user = await tx.user.create({ data: { email, status: "INVITED" }, select: { id: true } });
    await recordAudit({ action: "user.created", actorUserId: input.actor?.id ?? null, targetType: "user", targetId: user.id, metadata: { via: "invitation" } }, tx);
  }
  const issued = await issueInvitationIn(tx, { workspace: input.workspace, email, roleId: input.roleId, actor: input.actor }, now);
  await recordAudit({ action: "invitation.created", workspaceId: input.workspace.id, actorUserId: input.actor?.id ?? null, targetType: "invitation", targetId: issued.id, metadata: { roleId: input.roleId, newAccount: !existing } }, tx);
  return { ...issued, email, userCreated: !existing };
}

/**
 * The row with a fresh token and expiry, and its e-mail in the outbox. The role's row is written
 * first (a no-op), as `deleteRole` does before it counts the role's invitations: a deletion at the
 * same instant either sees this invitation and refuses (409), or has removed the role and this
 * refuses (409). Without it the deletion would miss the invitation and its foreign key would
 * quietly set the invitation's role to null, leaving a link that grants nothing.
 */
async function issueInvitationIn(tx: Tx, input: { workspace: { id: number; name: string }; email: string; roleId: number; actor: Actor | null }, now: Date) {
  // The value it already has: a row lock, and no foreign-key action (both databases act only on a changed key).
  const role = await tx.role.updateMany({ where: { id: input.roleId, workspaceId: input.workspace.id }, data: { workspaceId: input.workspace.id } });
  if (role.count !== 1) throw roleDeletedConflict();
  const token = randomToken(32);
  const expiresAt = addSeconds(now, invitationEnv().invitationTtlSeconds);
  const invitation = await tx.invitation.create({
    data: { workspaceId: input.workspace.id, email: input.email, roleId: input.roleId, tokenHash: sha256(token), expiresAt, invitedById: input.actor?.id ?? null, createdAt: now },
    select: { id: true },
  });
  const email = await enqueueEmail(tx, {
    to: input.email,
    template: "invitation",
    props: { inviterName: inviterName(input.actor), workspaceName: input.workspace.name, token, expiresAt: expiresAt.toISOString() },
    workspaceId: input.workspace.id,
    now,
  });
  await tx.invitation.update({ where: { id: invitation.id }, data: { emailId: email.id } });
  return { id: invitation.id, expiresAt, token };
}

/** What an admin sees of an invitation (never its token or hash). */
export interface InvitationView {
  id: number;
  email: string;
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  businessProfileGuid: string | null;
  workspaceName: string | null;
  role: { id: string; key: string; name: string } | null;
  /** The e-mail's last delivery error while it is being retried or after it failed. */
  deliveryError: string | null;
}

const VIEW_SELECT = {
  id: true,
  email: true,
  status: true,
  expiresAt: true,
  createdAt: true,
  acceptedAt: true,
  revokedAt: true,
  emailId: true,
  workspace: { select: { guid: true, name: true } },
  role: { select: { id: true, key: true, name: true } },
} as const;

type ViewRow = { id: number; email: string; status: string; expiresAt: Date; createdAt: Date; acceptedAt: Date | null; revokedAt: Date | null; emailId: number | null; workspace: { guid: string; name: string } | null; role: { id: number; key: string; name: string } | null };

/**
 * An invitation's status for people: accepted, revoked (also a link replaced by a resend) and
 * expired from the row; while it is open, what its e-mail's outbox row says (queued, sent,
 * delivery failed).
 */
export function invitationStatus(row: { status: string; expiresAt: Date }, delivery: "QUEUED" | "SENT" | "DELIVERY_FAILED" | null, now: Date): InvitationStatus {
  if (row.status === "ACCEPTED") return "accepted";
  if (row.status === "REVOKED" || row.status === "REPLACED") return "revoked";
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  if (delivery === "SENT") return "sent";
  if (delivery === "DELIVERY_FAILED") return "delivery_failed";
  return "queued";
}

async function viewsOf(rows: ViewRow[], now: Date): Promise<InvitationView[]> {
  const emailIds = rows.map((row) => row.emailId).filter((id): id is number => id !== null);
  const emails = await db().outboxEmail.findMany({ where: { id: { in: emailIds } }, select: { id: true, status: true, lastError: true } });
  const byId = new Map(emails.map((email) => [email.id, email]));
  return rows.map((row) => {
    const email = row.emailId === null ? undefined : byId.get(row.emailId);
    const delivery = !email ? null : email.status === "SENT" ? "SENT" : email.status === "FAILED" ? "DELIVERY_FAILED" : "QUEUED";
    return {
      id: row.id,
      email: row.email,
      status: invitationStatus(row, delivery, now),
      expiresAt: row.expiresAt.toISOString(),
      createdAt: row.createdAt.toISOString(),
      acceptedAt: row.acceptedAt?.toISOString() ?? null,
      revokedAt: row.revokedAt?.toISOString() ?? null,
      businessProfileGuid: row.workspace?.guid ?? null,
      workspaceName: row.workspace?.name ?? null,
      role: row.role ? { id: String(row.role.id), key: row.role.key, name: row.role.name } : null,
      deliveryError: email && email.status !== "SENT" ? email.lastError : null,
    };
  });
}

/** One invitation as an admin sees it; 404 when there is none. */
export async function invitationView(id: number, now: Date): Promise<InvitationView> {
  const row = await db().invitation.findFirst({ where: { id, workspaceId: { not: null } }, select: VIEW_SELECT });
  if (!row) throw new AppError("NOT_FOUND");
  return (await viewsOf([row], now))[0]!;
}

/**
 * Workspace invitations for the landlord console, newest first, optionally of one workspace and
 * of one status. Links replaced by a resend are left out (the new row stands for them);
 * set-password links of landlord admins (no workspace) are not invitations to anything and are
 * left out too.
 */
export async function listInvitations(filter: { workspaceId?: number; status?: InvitationStatus; limit: number; offset: number }, now: Date): Promise<{ items: InvitationView[]; total: number }> {
  const workspaceId = filter.workspaceId ?? { not: null };
  const where = { workspaceId, ...(filter.status ? await statusWhere(filter.status, workspaceId, now) : { status: { not: "REPLACED" } }) };
  const [rows, total] = await Promise.all([
    db().invitation.findMany({ where, select: VIEW_SELECT, orderBy: { id: "desc" }, take: filter.limit, skip: filter.offset }),
    db().invitation.count({ where }),
  ]);
  return { items: await viewsOf(rows, now), total };
}

/** The rows of one status ({@link invitationStatus}), as a filter on invitations. */
async function statusWhere(status: InvitationStatus, workspaceId: number | { not: null }, now: Date) {
  if (status === "accepted") return { status: "ACCEPTED" };
  if (status === "revoked") return { status: "REVOKED" };
  if (status === "expired") return { status: "PENDING", expiresAt: { lte: now } };
  // An open invitation's status is its e-mail's, which is not a relation: the open rows are
  // few (they expire within INVITATION_TTL_HOURS), so their e-mails are read and matched here.
  const open = await db().invitation.findMany({ where: { workspaceId, status: "PENDING", expiresAt: { gt: now } }, select: VIEW_SELECT });
  const ids = (await viewsOf(open, now)).filter((view) => view.status === status).map((view) => view.id);
  return { id: { in: ids } };
}

/**
 * Sends an open (or expired, never accepted or revoked) invitation again with a new token and the
 * full lifetime: the old row is marked REPLACED in the same transaction, so the old link is dead
 * (410) the moment the new one exists, and a new outbox e-mail carries the new link. Returns the
 * new invitation. 409 when it was accepted, revoked or already replaced.
 */
export async function resendInvitation(id: number, actor: Actor, ctx: ClientContext): Promise<InvitationView> {
  const { now } = ctx;
  const newId = await db().$transaction(async (tx) => {
    const old = await tx.invitation.findFirst({ where: { id, workspaceId: { not: null } }, select: { id: true, email: true, roleId: true, status: true, emailId: true, workspace: { select: { id: true, name: true } } } });
    if (!old?.workspace) throw new AppError("NOT_FOUND");
    if (old.roleId === null) throw new AppError("CONFLICT", { message: "The invitation's role no longer exists: invite again with a role." });
    const claimed = await tx.invitation.updateMany({ where: { id: old.id, status: "PENDING" }, data: { status: "REPLACED", revokedAt: now } });
    if (claimed.count !== 1) throw new AppError("CONFLICT", { message: "Only an open or expired invitation can be resent." });
    // The old link's e-mail, if it is still waiting (a Resend outage), is never delivered: its link is dead.
    if (old.emailId !== null) await tx.outboxEmail.deleteMany({ where: { id: old.emailId, status: "PENDING" } });
    const issued = await issueInvitationIn(tx, { workspace: old.workspace, email: old.email, roleId: old.roleId, actor }, now);
    await recordAudit({ action: "invitation.resent", workspaceId: old.workspace.id, actorUserId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "invitation", targetId: issued.id, metadata: { replaced: old.id } }, tx);
    return issued.id;
  });
  return invitationView(newId, now);
}

/** Withdraws an open invitation: its link answers 410 from now on. Revoking twice is a no-op; 409 once accepted. */
export async function revokeInvitation(id: number, actor: Actor, ctx: ClientContext): Promise<void> {
  const { now } = ctx;
  await db().$transaction(async (tx) => {
    const row = await tx.invitation.findFirst({ where: { id, workspaceId: { not: null } }, select: { id: true, status: true, workspaceId: true } });
    if (!row) throw new AppError("NOT_FOUND");
    if (row.status === "REVOKED") return;
    const revoked = await tx.invitation.updateMany({ where: { id, status: "PENDING" }, data: { status: "REVOKED", revokedAt: now } });
    if (revoked.count !== 1) throw new AppError("CONFLICT", { message: row.status === "ACCEPTED" ? "This invitation was already accepted." : "This invitation was replaced by a newer one: revoke that one." });
    await recordAudit({ action: "invitation.revoked", workspaceId: row.workspaceId, actorUserId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "invitation", targetId: id }, tx);
  });
}

/**
 * The open invitation behind a link token. Every look-up is counted against the client's address
 * before the token is checked, and only an open invitation gives its count back, so tokens cannot
 * be guessed faster than the throttle allows. 404 for a token that never existed, 410 for one that
 * did but is used, expired, revoked or replaced (it names no account either way).
 */
async function openInvitation(token: string, ctx: ClientContext) {
  const attempt = await reserveAttempt(ctx.ip ? [throttleKeys.setPasswordAddress(ctx.ip)] : [], ctx.now);
  if (!TOKEN_SHAPE.test(token)) throw new AppError("NOT_FOUND", { message: LINK_UNKNOWN });
  const row = await db().invitation.findUnique({
    where: { tokenHash: sha256(token) },
    select: {
      id: true,
      email: true,
      status: true,
      expiresAt: true,
      roleId: true,
      workspace: { select: { id: true, guid: true, name: true, subdomain: true, logo: true, mfaRequired: true } },
      invitedBy: { select: { name: true } },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", { message: LINK_UNKNOWN });
  if (row.status !== "PENDING" || row.expiresAt.getTime() <= ctx.now.getTime()) throw new AppError("GONE", { message: LINK_DEAD });
  await attempt.succeeded();
  return row;
}

export interface InvitationDetails {
  email: string;
  expiresAt: string;
  /** The inviter's name, never their e-mail address. */
  inviter: string;
  /** Null for a landlord admin's set-password link. */
  workspace: { businessProfileGuid: string; name: string; subdomain: string; logo: string | null; mfaRequired: boolean } | null;
  /** `set_password` for a new account; `sign_in` when the address has an account already (sign in as it, then accept). */
  next: "set_password" | "sign_in";
}

/**
 * What a link is for, for the page and GET /uauth/invitations/{token}. Never consumes it. A link
 * its account can no longer use is 410 like a used one, so the page shows one dead-link answer:
 * a workspace invitation whose role is gone or whose account was closed (DISABLED), and a
 * landlord admin's set-password link once the account has a password (accepting revokes it).
 */
export async function describeInvitation(token: string, ctx: ClientContext): Promise<InvitationDetails> {
  const row = await openInvitation(token, ctx);
  const user = await db().user.findUnique({ where: { email: row.email }, select: { status: true } });
  const usable = row.workspace ? row.roleId !== null && user !== null && user.status !== "DISABLED" : user?.status === "INVITED";
  if (!usable) throw new AppError("GONE", { message: LINK_DEAD });
  return {
    email: row.email,
    expiresAt: row.expiresAt.toISOString(),
    inviter: row.workspace ? inviterName(row.invitedBy) : "Gatehouse",
    workspace: row.workspace && { businessProfileGuid: row.workspace.guid, name: row.workspace.name, subdomain: row.workspace.subdomain, logo: row.workspace.logo, mfaRequired: row.workspace.mfaRequired },
    next: user?.status === "ACTIVE" ? "sign_in" : "set_password",
  };
}

/**
 * Refuses a request signed in as an account other than the invited one (403): never attach a
 * membership, or set a password, while someone else is signed in.
 */
export function refuseOtherAccount(signedInUserId: number | null | undefined, invitedUserId: number | null): void {
  if (signedInUserId != null && signedInUserId !== invitedUserId) {
    throw new AppError("FORBIDDEN", { message: "This invitation is for another account. Sign out, then open the link again." });
  }
}

export interface AcceptedInvitation {
  email: string;
  workspace: { businessProfileGuid: string; name: string; subdomain: string };
  /** True when this acceptance set the password of a new account (sign in with it next). */
  passwordSet: boolean;
}

/**
 * Accepts a workspace invitation. For an INVITED account (no password yet) `password` becomes its
 * password under the policy (also refusing the workspace's name), the account turns ACTIVE and
 * joins with the invitation's role. An ACTIVE account never gets a password from a link (a
 * `password` sent for it is ignored): it joins only when the request proves that account is
 * signed in (`signedInUserId`, from its own user or workspace token, or the browser's session);
 * otherwise 401 "sign in to join", the link staying open. A request signed in as any other
 * account is refused (403) whoever the link is for, so a link opened in someone else's browser
 * never joins, and never sets a password, behind their back. A link never grants anything but
 * its own workspace and role. One transaction claims the invitation (conditional update: a link
 * works once, even twice at the same instant), sets the password, activates the account and adds
 * the membership: if anything fails, nothing of it happened.
 */
export async function acceptWorkspaceInvitation(token: string, input: { password?: string; signedInUserId?: number | null }, ctx: ClientContext): Promise<AcceptedInvitation> {
  const { now } = ctx;
  const invitation = await openInvitation(token, ctx);
  const workspace = invitation.workspace;
  if (!workspace) throw new AppError("NOT_FOUND", { message: LINK_UNKNOWN });
  if (invitation.roleId === null) throw new AppError("GONE", { message: LINK_DEAD });
  const user = await db().user.findUnique({ where: { email: invitation.email }, select: { id: true, status: true } });
  if (!user || user.status === "DISABLED") {
    // A closed account is not reopened by an old link.
    await db().invitation.updateMany({ where: { id: invitation.id, status: "PENDING" }, data: { status: "REVOKED", revokedAt: now } });
    throw new AppError("GONE", { message: LINK_DEAD });
  }
  refuseOtherAccount(input.signedInUserId, user.id);
  let hash: string | null = null;
  if (user.status === "INVITED") {
    if (input.password === undefined) throw new AppError("VALIDATION_FAILED", { message: "password: Choose a password.", fieldErrors: { password: "Choose a password." } });
    enforcePasswordPolicy(input.password, invitation.email, { workspaceName: workspace.name });
    hash = await hashPassword(input.password);
  } else if (input.signedInUserId !== user.id) {
    // An account active now but invited when the link was read was activated by a concurrent
    // accept of this very link, which committed the claim with it: the link is spent (410).
    if ((await db().invitation.count({ where: { id: invitation.id, status: "PENDING" } })) !== 1) throw new AppError("GONE", { message: LINK_DEAD });
    throw new AppError("UNAUTHENTICATED", { message: "This address already has an account: sign in, then accept the invitation to join." });
  }
  const roleId = invitation.roleId;
  await db().$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, status: "PENDING", expiresAt: { gt: now } }, data: { status: "ACCEPTED", acceptedAt: now } });
    if (claimed.count !== 1) throw new AppError("GONE", { message: LINK_DEAD });
    if (hash !== null) {
      await tx.passwordCredential.upsert({ where: { userId: user.id }, create: { userId: user.id, hash }, update: { hash } });
      // Still INVITED: an account activated or disabled since the read above keeps its state.
      const activated = await tx.user.updateMany({ where: { id: user.id, status: "INVITED" }, data: { status: "ACTIVE" } });
      if (activated.count !== 1) throw new AppError("GONE", { message: LINK_DEAD });
      await revokeUserSessions(user.id, "PASSWORD_CHANGED", now, tx);
      await recordAudit({ action: "auth.password.set", actorUserId: user.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: user.id, metadata: { via: "invitation" } }, tx);
    }
    // Last on purpose: a membership that cannot be added (the account joined meanwhile) undoes
    // the password and the claim above with it.
    const member = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId: workspace.id, userId: user.id } }, select: { id: true } });
    if (member) throw new AppError("CONFLICT", { message: "You are already a member of this workspace." });
    await tx.membership.create({ data: { workspaceId: workspace.id, userId: user.id, roleId } });
    await recordAudit({ action: "workspace.member.added", workspaceId: workspace.id, actorUserId: user.id, targetType: "user", targetId: user.id, metadata: { roleId, via: "invitation" } }, tx);
    await recordAudit({ action: "invitation.accepted", workspaceId: workspace.id, actorUserId: user.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "invitation", targetId: invitation.id }, tx);
  });
  return { email: invitation.email, workspace: { businessProfileGuid: workspace.guid, name: workspace.name, subdomain: workspace.subdomain }, passwordSet: hash !== null };
}
