import "server-only";
import { toBoolean } from "@/lib/auth/principal-rows";
import { storedUserAgent, type ClientContext } from "@/lib/auth/sessions";
import { db, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";
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

/** The audit actions of a completed sign-in (`mfaPending` is how the password step records its stop at MFA). */
const PASSWORD_STEP = "auth.login.succeeded";
const PASSWORD_STEP_COMPLETED = '%"mfaPending":false%';
const MFA_STEPS = ["auth.mfa.succeeded", "auth.mfa.recovery_code_used"] as const;

/**
 * Whether a sign-in of `userId` by a client without a device cookie of that account comes from a
 * new device: the account signed in before, and never from this address with this user agent.
 * Both questions in one statement (two EXISTS, each stopping at its first row of the
 * (actorUserId, createdAt) index): it is on every sign-in's path (lib/auth/statement-budget.int.test.ts).
 */
export async function isNewDevice(userId: number, ctx: ClientContext): Promise<boolean> {
  const completed = Prisma.sql`"e"."actorUserId" = ${userId} AND (("e"."action" = ${PASSWORD_STEP} AND "e"."metadata" LIKE ${PASSWORD_STEP_COMPLETED}) OR "e"."action" IN (${Prisma.join(MFA_STEPS)}))`;
  // An unknown address matches nothing: only whether the account signed in before is asked.
  const here = ctx.ip === null
    ? Prisma.sql`0`
    : Prisma.sql`EXISTS (SELECT 1 FROM "AuditEvent" AS "e" WHERE ${completed} AND "e"."ip" = ${ctx.ip} AND "e"."userAgent" IS NOT DISTINCT FROM ${storedUserAgent(ctx.userAgent)})`;
  const [row] = await db().$queryRaw<Array<{ before: unknown; here: unknown }>>(
    Prisma.sql`SELECT EXISTS (SELECT 1 FROM "AuditEvent" AS "e" WHERE ${completed}) AS "before", ${here} AS "here"`,
  );
  return toBoolean(row!.before) && !toBoolean(row!.here);
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
