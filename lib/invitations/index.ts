import "server-only";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { addSeconds } from "@/lib/clock";
import { randomToken, sha256 } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { appEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { emailSchema, newPasswordSchema } from "@/lib/validation";

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

/** A pending, unexpired invitation for this link token, or null (never says which check failed). */
export async function findOpenInvitation(token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const invitation = await db().invitation.findUnique({ where: { tokenHash: sha256(token) }, select: { id: true, email: true, status: true, expiresAt: true, workspace: { select: { name: true } } } });
  if (!invitation || invitation.status !== "PENDING" || invitation.expiresAt.getTime() <= now.getTime()) return null;
  return { id: invitation.id, email: invitation.email, workspaceName: invitation.workspace?.name ?? null };
}

/**
 * Sets the password through a link. The invitation is claimed with a conditional update, so a
 * link works once even when submitted twice at the same moment.
 */
export async function acceptInvitation(token: string, password: string, now = new Date()): Promise<{ email: string }> {
  const open = await findOpenInvitation(token, now);
  if (!open) throw new AppError("NOT_FOUND", { message: "This link is invalid, was already used or has expired. Ask for a new one." });
  const hash = await hashPassword(newPasswordSchema.parse(password));
  return db().$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({ where: { id: open.id, status: "PENDING", expiresAt: { gt: now } }, data: { status: "ACCEPTED", acceptedAt: now } });
    if (claimed.count !== 1) throw new AppError("NOT_FOUND", { message: "This link was already used." });
    // A disabled account stays disabled: a link is no way back in.
    const invited = await tx.user.findUnique({ where: { email: open.email }, select: { id: true, status: true } });
    if (!invited || invited.status === "DISABLED") throw new AppError("NOT_FOUND", { message: "This link cannot be used. Ask for a new one." });
    const user = await tx.user.update({ where: { id: invited.id }, data: { status: "ACTIVE", password: { upsert: { create: { hash }, update: { hash } } } }, select: { id: true, email: true } });
    // A password set through a link ends any session signed in with the old one.
    await revokeUserSessions(user.id, "PASSWORD_CHANGED", now, tx);
    await recordAudit({ action: "auth.password.set", actorUserId: user.id, targetType: "user", targetId: user.id, metadata: { via: "invitation" } }, tx);
    return { email: user.email };
  });
}
