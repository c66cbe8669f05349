import "server-only";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { enforcePasswordPolicy } from "@/lib/auth/password-policy";
import { revokeUserSessions, type ClientContext } from "@/lib/auth/sessions";
import { reserveAttempt, throttleKeys } from "@/lib/auth/throttle";
import { addSeconds } from "@/lib/clock";
import { randomToken, sha256 } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { appEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { emailSchema } from "@/lib/validation";
import { acceptWorkspaceInvitation, refuseOtherAccount } from "./workspace";

export { acceptWorkspaceInvitation, describeInvitation, type InvitationDetails } from "./workspace";

/** Set-password links stay valid for three days. */
export const INVITATION_TTL = 3 * 24 * 60 * 60;

export function invitationUrl(token: string): string {
  return `${appEnv().appUrl}/invitations/${token}`;
}

/**
 * The first landlord admin of a real deployment: a user with no password yet and a one-time
 * link to set one. Refused when the address already has an account.
 */
export async function createLandlordAdmin(emailInput: string, now = new Date()): Promise<{ userId: number; url: string; expiresAt: Date }> {
  const email = emailSchema.parse(emailInput);
  const token = randomToken(32);
  const expiresAt = addSeconds(now, INVITATION_TTL);
  const user = await db().$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw new AppError("CONFLICT", { message: `${email} already has an account.` });
    const created = await tx.user.create({ data: { email, status: "INVITED", isLandlordAdmin: true }, select: { id: true } });
    await tx.invitation.create({ data: { email, tokenHash: sha256(token), expiresAt, createdAt: now } });
    await recordAudit({ action: "user.created", targetType: "user", targetId: created.id, metadata: { landlordAdmin: true, via: "admin:create" } }, tx);
    return created;
  });
  return { userId: user.id, url: invitationUrl(token), expiresAt };
}

/**
 * A pending, unexpired invitation for this link token, or null (never says which check failed).
 * Every look-up is counted against the client's address before the token is checked, and only a
 * hit gives its count back, so link tokens cannot be guessed faster than the throttle allows.
 * A client of unknown address is not counted: one shared bucket would let anyone block every
 * such client's links, and a 256-bit token is out of reach of guessing anyway.
 */
export async function findOpenInvitation(token: string, ctx: ClientContext) {
  const attempt = await reserveAttempt(ctx.ip ? [throttleKeys.setPasswordAddress(ctx.ip)] : [], ctx.now);
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const invitation = await db().invitation.findUnique({ where: { tokenHash: sha256(token) }, select: { id: true, email: true, status: true, expiresAt: true, workspaceId: true, workspace: { select: { name: true } } } });
  if (!invitation || invitation.status !== "PENDING" || invitation.expiresAt.getTime() <= ctx.now.getTime()) return null;
  await attempt.succeeded();
  return { id: invitation.id, email: invitation.email, workspaceId: invitation.workspaceId, workspaceName: invitation.workspace?.name ?? null };
}

const LINK_UNUSABLE = "This link cannot be used. Ask for a new one.";

/**
 * Sets the password of an INVITED account through its link, under the one password policy (a
 * workspace invitation goes to acceptWorkspaceInvitation, which also adds the membership). A
 * link never changes the password of an account that already has one (ACTIVE) or was closed
 * (DISABLED): that would make a leaked or forgotten link a way into a live account, so such a
 * link is revoked on first use. The invitation is claimed with a conditional update, so a link
 * works once even when submitted twice at the same moment. `signedInUserId` is the account the
 * request is signed in as, if any: any other than the invited one is refused (403).
 */
export async function acceptInvitation(token: string, password: string, ctx: ClientContext, { signedInUserId = null }: { signedInUserId?: number | null } = {}): Promise<{ email: string }> {
  const { now } = ctx;
  const open = await findOpenInvitation(token, ctx);
  if (!open) throw new AppError("NOT_FOUND", { message: "This link is invalid, was already used or has expired. Ask for a new one." });
  // A workspace invitation also makes its account a member, and never sets the password of an
  // existing account: lib/invitations/workspace.ts decides it all in one transaction.
  if (open.workspaceId !== null) return { email: (await acceptWorkspaceInvitation(token, { password, signedInUserId }, ctx)).email };
  const invited = await db().user.findUnique({ where: { email: open.email }, select: { id: true, status: true } });
  refuseOtherAccount(signedInUserId, invited?.id ?? null);
  if (invited?.status !== "INVITED") {
    await db().invitation.updateMany({ where: { id: open.id, status: "PENDING" }, data: { status: "REVOKED" } });
    throw new AppError("NOT_FOUND", { message: LINK_UNUSABLE });
  }
  enforcePasswordPolicy(password, open.email);
  const hash = await hashPassword(password);
  return db().$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({ where: { id: open.id, status: "PENDING", expiresAt: { gt: now } }, data: { status: "ACCEPTED", acceptedAt: now } });
    if (claimed.count !== 1) throw new AppError("NOT_FOUND", { message: "This link was already used." });
    // Still INVITED: an account activated or disabled since the read above keeps its state.
    const activated = await tx.user.updateMany({ where: { id: invited.id, status: "INVITED" }, data: { status: "ACTIVE" } });
    if (activated.count !== 1) throw new AppError("NOT_FOUND", { message: LINK_UNUSABLE });
    await tx.passwordCredential.upsert({ where: { userId: invited.id }, create: { userId: invited.id, hash }, update: { hash } });
    // A password set through a link ends any session signed in with the old one.
    await revokeUserSessions(invited.id, "PASSWORD_CHANGED", now, tx);
    await recordAudit({ action: "auth.password.set", actorUserId: invited.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "user", targetId: invited.id, metadata: { via: "invitation" } }, tx);
    return { email: open.email };
  });
}
