import "server-only";
import { storedUserAgent, type ClientContext } from "@/lib/auth/sessions";
import { db, type Tx } from "@/lib/db/client";
import { enqueueEmail } from "@/lib/email/outbox";

// The "new sign-in from an unknown device" notice. A device is known to an account when the
// client sends the device cookie Gatehouse set at an earlier sign-in of that account
// (lib/auth/device-cookie.ts: every browser keeps it), or, for a client that keeps no cookie (an
// API script), when an earlier completed sign-in of the account on record came from the same
// address with the same user agent. The audit log is that record (kept AUDIT_RETENTION_DAYS). A
// sign-in is completed by the password step of an account without MFA, or by the MFA step: a
// password step that stopped at MFA proves nothing, so it makes no device known. An unknown
// address matches nothing. The first completed sign-in on record sends no notice: every device is
// new then, and the owner has just set the account up.

/** Audit events of completed sign-ins (`mfaPending` is how the password step records its stop at MFA). */
const COMPLETED_SIGN_IN = [{ action: "auth.login.succeeded", metadata: { contains: '"mfaPending":false' } }, { action: { in: ["auth.mfa.succeeded", "auth.mfa.recovery_code_used"] } }];

/**
 * Whether a sign-in of `userId` by a client without a device cookie of that account comes from a
 * new device: the account signed in before, and never from this address with this user agent.
 */
export async function isNewDevice(userId: number, ctx: ClientContext): Promise<boolean> {
  const earlier = { actorUserId: userId, OR: COMPLETED_SIGN_IN };
  if (!(await db().auditEvent.findFirst({ where: earlier, select: { id: true } }))) return false;
  if (ctx.ip === null) return true;
  return !(await db().auditEvent.findFirst({ where: { ...earlier, ip: ctx.ip, userAgent: storedUserAgent(ctx.userAgent) }, select: { id: true } }));
}

/**
 * What the password step of `sessionId` found (its `auth.login.succeeded` event, written in the
 * session's own transaction): the MFA step that completes that sign-in sends the notice.
 */
export async function passwordStepFoundNewDevice(tx: Tx, sessionId: string): Promise<boolean> {
  const event = await tx.auditEvent.findFirst({ where: { action: "auth.login.succeeded", targetType: "session", targetId: sessionId }, select: { metadata: true } });
  return event !== null && (JSON.parse(event.metadata) as { newDevice?: unknown }).newDevice === true;
}

/** Queues the notice inside the transaction of the sign-in it tells about. */
export async function enqueueNewSignInNotice(tx: Tx, email: string, ctx: ClientContext): Promise<void> {
  await enqueueEmail(tx, { to: email, template: "new-sign-in", props: { signedInAt: ctx.now.toISOString(), ipAddress: ctx.ip, userAgent: storedUserAgent(ctx.userAgent) }, now: ctx.now });
}
