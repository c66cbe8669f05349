"use server";

import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts, requireLandlord } from "@/lib/auth/dal";
import { rowIdSchema } from "@/lib/admin/schemas";
import { resendInvitation, revokeInvitation } from "@/lib/invitations/workspace";

/** Sends an invitation again with a new link; the old link stops working at once. */
export async function resendInvitationAction(invitationId: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireLandlord();
    const id = parseInput(rowIdSchema, invitationId);
    await resendInvitation(id, principal.user, { ...(await currentFacts()), now: new Date() });
  });
}

/** Withdraws an open invitation: its link stops working. */
export async function revokeInvitationAction(invitationId: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireLandlord();
    const id = parseInput(rowIdSchema, invitationId);
    await revokeInvitation(id, principal.user, { ...(await currentFacts()), now: new Date() });
  });
}
