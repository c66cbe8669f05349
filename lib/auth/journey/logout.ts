import "server-only";
import { recordAudit } from "@/lib/audit";
import { revokeSession, type ClientContext } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";

/** Ends the session behind a token. Idempotent. */
export async function logout(sessionId: string, ctx: ClientContext): Promise<void> {
  const session = await db().session.findUnique({ where: { id: sessionId }, select: { userId: true, workspaceId: true } });
  if (!session) return;
  if (await revokeSession(sessionId, "LOGOUT", ctx.now)) {
    await recordAudit({ action: "auth.logout", workspaceId: session.workspaceId, actorUserId: session.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: sessionId });
  }
}
