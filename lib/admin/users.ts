import "server-only";
import { recordAudit } from "@/lib/audit";
import { parseAuthorities, type Authority } from "@/lib/auth/authorities";
import { revokeUserSessions, type ClientContext } from "@/lib/auth/sessions";
import { db, type Tx } from "@/lib/db/client";
import { enqueueEmail } from "@/lib/email/outbox";
import { AppError } from "@/lib/errors";

// The landlord console's users: search, disable and enable, end every session, reset the second factor. Callers have
// passed the landlord guard (apiRoute access "landlord"); the reset also checks how fresh the
// acting session's MFA is, because it hands an account to whoever can next sign in with its password.

/** MFA reset needs the acting session to have passed MFA this recently (issue 7: "the last 10 minutes"). */
export const MFA_RESET_FRESHNESS_SECONDS = 10 * 60;

export type MfaState = "off" | "pending" | "on";

/** A user as the console sees it; never a hash, secret or token. */
export interface AdminUser {
  id: number;
  email: string;
  name: string | null;
  status: string;
  isLandlordAdmin: boolean;
  mfa: MfaState;
  lastSignInAt: Date | null;
  memberships: { businessProfileGuid: string; workspaceName: string; role: { key: string; name: string } }[];
}

/** The acting person: their user id and the session the request came with. */
export interface ActingSession {
  id: number;
  sessionId: string;
  mfaPassedAt: Date | null;
}

const USER_SELECT = {
  id: true,
  email: true,
  name: true,
  status: true,
  isLandlordAdmin: true,
  totp: { select: { enabledAt: true } },
  memberships: { select: { workspace: { select: { guid: true, name: true } }, role: { select: { key: true, name: true } } }, orderBy: { id: "asc" } },
} as const;

/**
 * Users whose e-mail contains `query` (addresses are stored trimmed and lower-case, so the query
 * is normalised the same way and the match is alike on SQLite and PostgreSQL), by e-mail, paged.
 * Prisma hands `contains` to LIKE without escaping its wildcards, so the query runs as SQL with
 * `%`, `_` and `\` escaped: "a_b" finds only "a_b", and "%" is not a way to list everyone.
 * Last sign-in is the newest of the user's sessions past the password step and of their audited
 * sign-ins (sessions are purged a day after they end; the audit log keeps longer).
 */
export async function searchUsers(filter: { query?: string; limit: number; offset: number }): Promise<{ items: AdminUser[]; total: number }> {
  const query = filter.query?.trim().toLowerCase();
  let rows;
  let total: number;
  if (query) {
    // One SQL for both databases: LIKE with an explicit ESCAPE (SQLite has no default escape
    // character, and Prisma's `contains` escapes nothing), the wildcards of the query escaped.
    const pattern = `%${query.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    const [page, counted] = await Promise.all([
      db().$queryRaw<{ id: number }[]>`SELECT id FROM "User" WHERE email LIKE ${pattern} ESCAPE '\\' ORDER BY email ASC, id ASC LIMIT ${filter.limit} OFFSET ${filter.offset}`,
      db().$queryRaw<{ n: number | bigint }[]>`SELECT COUNT(*) AS n FROM "User" WHERE email LIKE ${pattern} ESCAPE '\\'`,
    ]);
    const order = page.map((row) => Number(row.id));
    const found = await db().user.findMany({ where: { id: { in: order } }, select: USER_SELECT });
    rows = order.flatMap((id) => found.filter((row) => row.id === id));
    total = Number(counted[0]?.n ?? 0);
  } else {
    [rows, total] = await Promise.all([db().user.findMany({ select: USER_SELECT, orderBy: [{ email: "asc" }, { id: "asc" }], take: filter.limit, skip: filter.offset }), db().user.count()]);
  }
  return { items: await adminUsers(rows), total };
}

type UserRow = NonNullable<Awaited<ReturnType<typeof findUserRow>>>;

function findUserRow(id: number) {
  return db().user.findUnique({ where: { id }, select: USER_SELECT });
}

/** The console's view of user rows, each with its last sign-in. */
async function adminUsers(rows: UserRow[]): Promise<AdminUser[]> {
  const ids = rows.map((row) => row.id);
  const [sessions, events] = await Promise.all([
    db().session.groupBy({ by: ["userId"], where: { userId: { in: ids }, stage: { not: "MFA" } }, _max: { createdAt: true } }),
    db().auditEvent.groupBy({ by: ["actorUserId"], where: { actorUserId: { in: ids }, action: { in: ["auth.login.succeeded", "auth.mfa.succeeded"] } }, _max: { createdAt: true } }),
  ]);
  const last = new Map<number, Date>();
  const note = (userId: number | null, at: Date | null) => {
    if (userId === null || !at) return;
    const seen = last.get(userId);
    if (!seen || at > seen) last.set(userId, at);
  };
  for (const row of sessions) note(row.userId, row._max.createdAt);
  for (const row of events) note(row.actorUserId, row._max.createdAt);
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    status: row.status,
    isLandlordAdmin: row.isLandlordAdmin,
    mfa: !row.totp ? "off" : row.totp.enabledAt ? "on" : "pending",
    lastSignInAt: last.get(row.id) ?? null,
    memberships: row.memberships.map((membership) => ({ businessProfileGuid: membership.workspace.guid, workspaceName: membership.workspace.name, role: membership.role })),
  }));
}

/** One user as the console sees it; 404 when there is none. */
export async function getAdminUser(userId: number): Promise<AdminUser> {
  const row = await findUserRow(userId);
  if (!row) throw new AppError("NOT_FOUND");
  return (await adminUsers([row]))[0]!;
}

/** PATCH /uauth/admin/users/{id}: disable an account, or enable it again. */
export { userPatchSchema } from "./schemas";

/**
 * Disables a user, or enables them again. Disabling, in one transaction, marks the account
 * DISABLED and ends every session (USER_DISABLED), so their access and refresh tokens fail on the
 * next use; signing in is then refused with the same answer as a wrong password (lib/auth/credentials.ts),
 * and invitation and reset links stop working. Enabling restores ACTIVE when the account has a
 * password and INVITED when it never set one, so its invitation link works again. Each is audited;
 * asking for the state the account is already in changes and records nothing. A landlord cannot
 * disable their own account (409): nobody locks themselves, perhaps the last operator, out by a
 * slip. 404 for an unknown user.
 */
export async function setUserDisabled(userId: number, disabled: boolean, actor: { id: number }, ctx: ClientContext): Promise<AdminUser> {
  if (disabled && userId === actor.id) throw new AppError("CONFLICT", { message: "You cannot disable your own account: ask another platform administrator." });
  await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { status: true, password: { select: { userId: true } } } });
    if (!user) throw new AppError("NOT_FOUND");
    if (disabled === (user.status === "DISABLED")) return;
    const audit = { actorUserId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: userId } as const;
    if (disabled) {
      await tx.user.update({ where: { id: userId }, data: { status: "DISABLED" } });
      const sessionsEnded = await revokeUserSessions(userId, "USER_DISABLED", ctx.now, tx);
      // A reset link asked for before must not work again if the account is enabled within its 30 minutes.
      await tx.passwordResetToken.updateMany({ where: { userId, usedAt: null, revokedAt: null }, data: { revokedAt: ctx.now } });
      await recordAudit({ action: "user.disabled", ...audit, metadata: { was: user.status, sessionsEnded } }, tx);
    } else {
      const status = user.password ? "ACTIVE" : "INVITED";
      await tx.user.update({ where: { id: userId }, data: { status } });
      await recordAudit({ action: "user.enabled", ...audit, metadata: { status } }, tx);
    }
  });
  return getAdminUser(userId);
}

/**
 * Ends every session of a user at once: their access tokens fail on the next request and their
 * refresh tokens with them (a refresh needs a live session). Audited with the count. 404 for an
 * unknown user.
 */
export async function endAllUserSessions(userId: number, actor: { id: number }, ctx: ClientContext): Promise<{ sessionsEnded: number }> {
  return db().$transaction(async (tx) => {
    await findUserIn(tx, userId);
    const sessionsEnded = await revokeUserSessions(userId, "ADMIN", ctx.now, tx);
    await recordAudit({ action: "user.sessions_ended", actorUserId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: userId, metadata: { sessionsEnded } }, tx);
    return { sessionsEnded };
  });
}

/**
 * A landlord resets a user's second factor. The acting session must have passed MFA within
 * {@link MFA_RESET_FRESHNESS_SECONDS} (a session left open, or one stolen hours ago, cannot strip
 * someone's factor: 403 MFA_REQUIRED, re-verify). A landlord admin's factor, the actor's own
 * included, is never reset here (403 FORBIDDEN): one landlord session must not be able to weaken
 * another platform operator, and the actor's own factor is changed in /settings/security with a
 * code. The rest is {@link resetMfaIn}.
 */
export async function resetUserMfa(userId: number, actor: ActingSession, ctx: ClientContext): Promise<void> {
  requireFreshMfa(actor, ctx.now);
  await db().$transaction(async (tx) => {
    const target = await findUserIn(tx, userId);
    if (target.isLandlordAdmin) throw new AppError("FORBIDDEN", { message: "A landlord admin's two-step verification is not reset through the console." });
    await resetMfaIn(tx, target, { actorUserId: actor.id, workspaceId: null }, ctx);
  });
}

/**
 * A workspace administrator resets the second factor of a member of their own workspace. Refused
 * (404, as if there were no such member, so another tenant's user ids cannot be probed) unless
 * the target is a member of `workspaceId`; refused (403 FORBIDDEN) for a landlord admin, for the
 * actor themselves, and for someone who is also a member of another workspace: that workspace
 * did not agree to lose the factor its member set up. The acting session needs fresh MFA as for
 * a landlord. The caller has checked the actor's authority (ROLE_ADMIN_EDITUSER) in this workspace.
 * It uses the global client on purpose: the factor, codes and sessions are secret tables the
 * workspace-scoped client refuses; the membership is looked up by its compound key with the
 * caller's own workspace id, so no other tenant's row is reachable.
 */
export async function resetMemberMfa(workspaceId: number, userId: number, actor: ActingSession & { authorities: readonly Authority[] }, ctx: ClientContext): Promise<void> {
  requireFreshMfa(actor, ctx.now);
  await db().$transaction(async (tx) => {
    const membership = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { id: true, role: { select: { authorities: true } } } });
    if (!membership) throw new AppError("NOT_FOUND");
    // As for every other act on a member: nobody acts on a member holding more than they do (a
    // member who may only edit roles must not strip the superuser's second factor).
    if (parseAuthorities(membership.role.authorities).some((authority) => !actor.authorities.includes(authority))) throw new AppError("FORBIDDEN", { message: "This member holds authorities you do not hold." });
    const target = await findUserIn(tx, userId);
    if (target.isLandlordAdmin) throw new AppError("FORBIDDEN", { message: "A platform administrator's two-step verification is not reset by a workspace." });
    if (userId === actor.id) throw new AppError("FORBIDDEN", { message: "Change your own two-step verification in your security settings." });
    const elsewhere = await tx.membership.count({ where: { userId, workspaceId: { not: workspaceId } } });
    if (elsewhere > 0) throw new AppError("FORBIDDEN", { message: "This person is also a member of another workspace; ask the platform administrators." });
    await resetMfaIn(tx, target, { actorUserId: actor.id, workspaceId }, ctx);
  });
}

function requireFreshMfa(actor: ActingSession, now: Date): void {
  const age = actor.mfaPassedAt ? (now.getTime() - actor.mfaPassedAt.getTime()) / 1000 : Infinity;
  // A future mfaPassedAt is not fresh either: it can only come from a wrong clock.
  if (!(age >= 0 && age <= MFA_RESET_FRESHNESS_SECONDS)) {
    throw new AppError("MFA_REQUIRED", { message: "Verify your second factor again: resetting someone's two-step verification needs MFA passed in the last 10 minutes." });
  }
}

async function findUserIn(tx: Tx, userId: number) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, isLandlordAdmin: true, totp: { select: { userId: true } } } });
  if (!user) throw new AppError("NOT_FOUND");
  return user;
}

/**
 * In one transaction: the TOTP factor and recovery codes go, every session (and so every refresh
 * token) ends, the "two-step verification was reset" e-mail is queued, and the event is audited.
 * 409 when the user has no factor (pending or on) to reset.
 */
async function resetMfaIn(tx: Tx, target: { id: number; email: string; totp: { userId: number } | null }, by: { actorUserId: number; workspaceId: number | null }, ctx: ClientContext): Promise<void> {
  if (!target.totp) throw new AppError("CONFLICT", { message: "This person has no two-step verification to reset." });
  await tx.totpFactor.deleteMany({ where: { userId: target.id } });
  const codes = await tx.recoveryCode.deleteMany({ where: { userId: target.id } });
  const sessionsEnded = await revokeUserSessions(target.id, "MFA_RESET", ctx.now, tx);
  await enqueueEmail(tx, { to: target.email, template: "mfa-changed", props: { change: "reset", changedAt: ctx.now.toISOString() }, ...(by.workspaceId !== null && { workspaceId: by.workspaceId }), now: ctx.now });
  await recordAudit({ action: "auth.mfa.reset", workspaceId: by.workspaceId, actorUserId: by.actorUserId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: target.id, metadata: { sessionsEnded, recoveryCodesRemoved: codes.count } }, tx);
}
