import "server-only";
import { recordAudit } from "@/lib/audit";
import { parseAuthorities } from "@/lib/auth/authorities";
import { endIfIdle, isSessionLive, revokeSession, type ClientContext } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import { purgeWhenDue } from "@/lib/purge";
import type { Stage } from "@/lib/tokens/jwt";
import { claimRefreshToken, clearSpentReplacements, findRefreshToken, newRefreshToken, replacementForSameClient, storeRefreshToken, type SpentToken, type TokenPair } from "@/lib/tokens/refresh";
import { signFor, type TokenWorkspace } from "./issue";
import { entryCheck, loadSignedInSession } from "./workspace-step";

/**
 * Exchanges a refresh token for a new pair. Membership, the workspace's suspension and its IP
 * policy are checked again. A spent token presented again within the grace window by the client that spent it (a
 * second tab, a retry) returns the pair already issued for it; from anyone else, or later, it is
 * taken as stolen and ends the whole session. When the workspace now refuses the session, the API
 * is told why (403); the browser (`leaveRefusedWorkspace`) instead gets a user token back, so the
 * person lands on the workspace list with the reason. Refreshing is not activity: it does not
 * hold off the idle timeout.
 */
export async function refreshSession(refreshToken: string, ctx: ClientContext, { leaveRefusedWorkspace = false } = {}): Promise<TokenPair> {
  const row = await findRefreshToken(refreshToken);
  if (!row || row.expiresAt.getTime() <= ctx.now.getTime()) throw new AppError("INVALID_TOKEN");
  if (row.usedAt) return replayOrRevoke(row, ctx);

  const session = await loadSignedInSession(row.sessionId, ctx.now);
  const user = { id: session.user.id, email: session.user.email };
  let workspace: TokenWorkspace | undefined;
  if (session.stage === "WORKSPACE" && session.workspaceId !== null) {
    try {
      const entry = await entryCheck(session, { id: session.workspaceId }, ctx, "refresh");
      workspace = { guid: entry.workspace.guid, version: session.workspaceVersion, roleId: entry.role.id, authorities: parseAuthorities(entry.role.authorities) };
    } catch (error) {
      if (!leaveRefusedWorkspace || !isAppError(error) || !["NOT_A_MEMBER", "POLICY_REQUIREMENTS", "WORKSPACE_SUSPENDED"].includes(error.code)) throw error;
      // Back to the user stage; the version bump ends every token of the refused workspace.
      await db().session.updateMany({ where: { id: session.id, revokedAt: null }, data: { stage: "USER", workspaceId: null, workspaceVersion: { increment: 1 } } });
    }
  }
  const stage: Stage = workspace ? "workspace" : "user";
  let pair: TokenPair;
  try {
    pair = await db().$transaction(async (tx) => {
      const { token, expiresAt } = await signFor(session.id, user, stage, ctx.now, workspace);
      const issued: TokenPair = { token, refreshToken: newRefreshToken(), expiresAt: expiresAt.toISOString(), stage };
      if (!(await claimRefreshToken(tx, row.id, issued, ctx))) throw new LostRefreshRace();
      await storeRefreshToken(tx, session.id, issued.refreshToken, ctx.now, session.expiresAt);
      // The session's earlier pairs are past their grace window by now: nothing needs them.
      await clearSpentReplacements(tx, ctx.now, session.id);
      await recordAudit({ action: "auth.token.refreshed", workspaceId: session.workspaceId, actorUserId: user.id, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: session.id }, tx);
      return issued;
    });
  } catch (error) {
    if (!(error instanceof LostRefreshRace)) throw error;
    // A parallel refresh with the same token won: its pair, if this is the same client.
    const settled = await findRefreshToken(refreshToken);
    if (settled) return replayOrRevoke(settled, ctx);
    throw new AppError("INVALID_TOKEN");
  }
  purgeWhenDue();
  return pair;
}

class LostRefreshRace extends Error {}

async function replayOrRevoke(row: SpentToken & { sessionId: string }, ctx: ClientContext): Promise<TokenPair> {
  const session = await db().session.findUnique({ where: { id: row.sessionId }, select: { id: true, userId: true, revokedAt: true, expiresAt: true, lastSeenAt: true, workspaceId: true } });
  if (!session || !isSessionLive(session, ctx.now)) {
    if (session) await endIfIdle(session, ctx.now);
    throw new AppError("SESSION_ENDED");
  }
  const replay = replacementForSameClient(row, ctx);
  if (replay) return replay;
  // Another client with a spent token, or any client after the grace window: one of the two
  // holders is a thief, and which cannot be told, so the whole family ends.
  if (await revokeSession(row.sessionId, "REFRESH_REUSE", ctx.now)) {
    await recordAudit({ action: "auth.token.reuse_detected", workspaceId: session.workspaceId, actorUserId: session.userId, ip: ctx.ip, userAgent: ctx.userAgent, targetType: "session", targetId: row.sessionId });
  }
  throw new AppError("SESSION_ENDED");
}
