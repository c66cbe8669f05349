import "server-only";
import { recordAudit } from "@/lib/audit";
import { revokeSession, type ClientContext, type RevokeReason } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";

/** Ends the session behind a token. Idempotent. */
export async function logout(sessionId: string, ctx: ClientContext): Promise<void> {
  await endSession(sessionId, "LOGOUT", ctx);
}

/**
 * A new sign-in in a browser whose cookie still holds a session ends that earlier session: the
 * cookie is about to forget it, and a session nobody is meant to hold any more must not stay live
 * (a copy of the old cookie, or its refresh token, would keep working). Idempotent; nothing
 * happens when the cookie already holds the new session.
 */
export async function endReplacedSession(previousSessionId: string, newSessionId: string, ctx: ClientContext): Promise<void> {
  if (previousSessionId !== newSessionId) await endSession(previousSessionId, "SIGNED_IN_AGAIN", ctx);
}

async function endSession(sessionId: string, reason: Extract<RevokeReason, "LOGOUT" | "SIGNED_IN_AGAIN">, ctx: ClientContext): Promise<void> {
  const session = await db().session.findUnique({ where: { id: sessionId }, select: { userId: true, workspaceId: true } });
  if (!session) return;
  if (await revokeSession(sessionId, reason, ctx.now)) {
    await recordAudit({
      action: "auth.logout",
      workspaceId: session.workspaceId,
      actorUserId: session.userId,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      targetType: "session",
      targetId: sessionId,
      ...(reason === "SIGNED_IN_AGAIN" && { metadata: { reason: "signed_in_again" } }),
    });
  }
}
