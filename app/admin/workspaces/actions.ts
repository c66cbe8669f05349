"use server";

import { redirect } from "next/navigation";
import { newWorkspaceWithSuperuserSchema, workspacePatchSchema, workspaceSuspensionSchema } from "@/lib/admin/schemas";
import { createWorkspaceWithSuperuser, reactivateWorkspace, suspendWorkspace, updateWorkspace } from "@/lib/admin/workspaces";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts, requireLandlord } from "@/lib/auth/dal";
import { guidSchema } from "@/lib/validation";

/** Creates a workspace and invites its first superuser; then shows the new workspace. */
export async function createWorkspaceAction(input: unknown): Promise<ActionResult<void>> {
  const result = await runAction(async () => {
    const principal = await requireLandlord();
    const data = parseInput(newWorkspaceWithSuperuserSchema, input);
    const { workspace } = await createWorkspaceWithSuperuser(data, principal.user, { ...(await currentFacts()), now: new Date() });
    return workspace.guid;
  });
  if (!result.ok) return result;
  redirect(`/admin/workspaces/${result.data}?created=1`);
}

/** Changes a workspace's name, logo, policy or token-lifetime bounds (the fields sent). */
export async function updateWorkspaceAction(guid: unknown, input: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireLandlord();
    const id = parseInput(guidSchema, guid);
    const patch = parseInput(workspacePatchSchema, input);
    await updateWorkspace(id, patch, principal.user, { ...(await currentFacts()), now: new Date() });
  });
}

/** Suspends a workspace: every session inside it ends, and its members are shown the reason. */
export async function suspendWorkspaceAction(guid: unknown, input: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireLandlord();
    const id = parseInput(guidSchema, guid);
    const data = parseInput(workspaceSuspensionSchema, input);
    await suspendWorkspace(id, data, principal.user, { ...(await currentFacts()), now: new Date() });
  });
}

/** Lifts a suspension: members may enter the workspace again. */
export async function reactivateWorkspaceAction(guid: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireLandlord();
    const id = parseInput(guidSchema, guid);
    await reactivateWorkspace(id, principal.user, { ...(await currentFacts()), now: new Date() });
  });
}
