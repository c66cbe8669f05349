"use server";

import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts, requireWorkspace } from "@/lib/auth/dal";
import { rowIdSchema } from "@/lib/workspaces/admin-schemas";
import { changeMemberRole, changeMemberRoleSchema, inviteMember, inviteMemberSchema, removeMember } from "@/lib/workspaces/members";

// The members page's actions. Each asks the data layer for its own authority (the page's
// controls are hidden without it, which protects nothing); the domain refuses escalation, other
// tenants' ids and the last superuser's demotion or removal.

/** Invites an address with a role the caller may grant; the e-mail goes out through the outbox. */
export async function inviteMemberAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  return runAction(async () => {
    const principal = await requireWorkspace("ROLE_ADMIN_INVITEUSER");
    const body = parseInput(inviteMemberSchema, input);
    const invitation = await inviteMember(principal, body, { ...(await currentFacts()), now: new Date() });
    return { email: invitation.email };
  });
}

/** Gives a member another role; it applies from their next request. */
export async function changeMemberRoleAction(userId: unknown, input: unknown): Promise<ActionResult<{ roleId: number }>> {
  return runAction(async () => {
    const principal = await requireWorkspace("ROLE_ADMIN_EDITUSER");
    const member = parseInput(rowIdSchema, userId);
    const { roleId } = parseInput(changeMemberRoleSchema, input);
    const changed = await changeMemberRole(principal, member, roleId, { ...(await currentFacts()), now: new Date() });
    return { roleId: changed.role.id };
  });
}

/** Removes a member; their sessions in this workspace are refused from their next request. */
export async function removeMemberAction(userId: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireWorkspace("ROLE_ADMIN_REMOVEUSER");
    await removeMember(principal, parseInput(rowIdSchema, userId), { ...(await currentFacts()), now: new Date() });
  });
}
