"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts, requireWorkspace } from "@/lib/auth/dal";
import { updateWorkspaceSettings } from "@/lib/workspaces/settings";

/**
 * Saves the workspace settings form. The domain parses the input with the form's schema and this
 * workspace's token limits (400 at the field), and refuses an allow-list that leaves out the
 * caller's address until the form confirms it (WOULD_LOCK_OUT). Every page of the workspace is
 * drawn again: the header shows the name, and a caller now outside the allow-list is sent to
 * the workspace list, which says why.
 */
export async function updateWorkspaceSettingsAction(input: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireWorkspace("ROLE_ADMIN_SETTINGS");
    await updateWorkspaceSettings(principal, input, { ...(await currentFacts()), now: new Date() });
    revalidatePath(`/w/${principal.workspace.subdomain}`, "layout");
  });
}
