"use server";

import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts, requireWorkspace } from "@/lib/auth/dal";
import { endMemberWorkspaceSessions, endWorkspaceSession } from "@/lib/auth/session-list";
import { endSessionSchema } from "@/lib/auth/settings-schemas";
import { rowIdSchema } from "@/lib/workspaces/admin-schemas";

// The workspace sessions page's actions, each behind ROLE_ADMIN_SESSIONS in the data layer. The
// domain refuses other workspaces' sessions (404) and members holding more than the caller (403).

/** Ends one session inside this workspace; its browser or client is refused from its next request. */
export async function endWorkspaceSessionAction(input: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireWorkspace("ROLE_ADMIN_SESSIONS");
    const { sessionId } = parseInput(endSessionSchema, input);
    await endWorkspaceSession(principal, sessionId, { ...(await currentFacts()), now: new Date() });
  });
}

/** Ends every session of a member inside this workspace. */
export async function endMemberSessionsAction(userId: unknown): Promise<ActionResult<{ sessionsEnded: number }>> {
  return runAction(async () => {
    const principal = await requireWorkspace("ROLE_ADMIN_SESSIONS");
    return endMemberWorkspaceSessions(principal, parseInput(rowIdSchema, userId), { ...(await currentFacts()), now: new Date() });
  });
}
