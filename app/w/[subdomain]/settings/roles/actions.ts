"use server";

import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts, requireWorkspace } from "@/lib/auth/dal";
import { rowIdSchema } from "@/lib/workspaces/admin-schemas";
import { createRole, deleteRole, newRoleSchema, roleChangeSchema, updateRole } from "@/lib/workspaces/roles";

// The roles page's actions, each behind ROLE_ADMIN_ROLES in the data layer. The domain refuses
// authorities the caller does not hold, built-in roles, other tenants' ids and a role in use.

/** Creates a custom role from authorities the caller holds. */
export async function createRoleAction(input: unknown): Promise<ActionResult<{ name: string }>> {
  return runAction(async () => {
    const principal = await requireWorkspace("ROLE_ADMIN_ROLES");
    const body = parseInput(newRoleSchema, input);
    const role = await createRole(principal, body, { ...(await currentFacts()), now: new Date() });
    return { name: role.name };
  });
}

/** Renames a custom role or sets its authorities; its members get them on their next request. */
export async function updateRoleAction(roleId: unknown, input: unknown): Promise<ActionResult<{ name: string; authorities: string[] }>> {
  return runAction(async () => {
    const principal = await requireWorkspace("ROLE_ADMIN_ROLES");
    const id = parseInput(rowIdSchema, roleId);
    const body = parseInput(roleChangeSchema, input);
    const role = await updateRole(principal, id, body, { ...(await currentFacts()), now: new Date() });
    return { name: role.name, authorities: role.authorities };
  });
}

/** Deletes a custom role that no member and no open invitation holds. */
export async function deleteRoleAction(roleId: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireWorkspace("ROLE_ADMIN_ROLES");
    await deleteRole(principal, parseInput(rowIdSchema, roleId), { ...(await currentFacts()), now: new Date() });
  });
}
