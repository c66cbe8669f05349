"use server";

import { revalidatePath } from "next/cache";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts, requireUser } from "@/lib/auth/dal";
import { endOtherUserSessions, endUserSession } from "@/lib/auth/session-list";
import { endSessionSchema } from "@/lib/auth/settings-schemas";

/** Signs out one of the user's other sessions (404 for an id that is not theirs). */
export async function endSessionAction(input: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireUser();
    const { sessionId } = parseInput(endSessionSchema, input);
    await endUserSession(principal.user.id, sessionId, { ...(await currentFacts()), now: new Date() });
    revalidatePath("/settings/sessions");
  });
}

/** Signs out every session of the user but this one. */
export async function endOtherSessionsAction(): Promise<ActionResult<{ sessionsEnded: number }>> {
  return runAction(async () => {
    const principal = await requireUser();
    const result = await endOtherUserSessions(principal.user.id, principal.sessionId, { ...(await currentFacts()), now: new Date() });
    revalidatePath("/settings/sessions");
    return result;
  });
}
