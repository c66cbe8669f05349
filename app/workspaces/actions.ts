"use server";

import { redirect } from "next/navigation";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { browserSession, currentFacts, requireUser, safeCallbackUrl } from "@/lib/auth/dal";
import { selectWorkspace } from "@/lib/auth/journey";
import { storeBrowserSession } from "@/lib/auth/next-auth";
import { confirmSessionMfa } from "@/lib/auth/security-settings";
import { authenticatorCodeSchema, selectWorkspaceSchema } from "@/lib/auth/settings-schemas";
import { AppError } from "@/lib/errors";

/** Where to go after entering `subdomain`: the page asked for, when it is inside that workspace. */
function destination(subdomain: string, callbackUrl: unknown): string {
  const back = safeCallbackUrl(typeof callbackUrl === "string" ? callbackUrl : null);
  const home = `/w/${subdomain}`;
  return back && (back === home || back.startsWith(`${home}/`) || back.startsWith(`${home}?`)) ? back : home;
}

/**
 * Step 3 in the browser: enter a workspace (from /workspaces or the switcher). The journey checks
 * membership and the workspace's policy; a refusal comes back with the unmet requirements. The
 * cookie keeps the refresh token it got at sign-in: a selection issues an access token only.
 */
export async function selectWorkspaceAction(guid: unknown, callbackUrl: unknown): Promise<ActionResult<{ subdomain: string }>> {
  const result = await runAction(async () => {
    const principal = await requireUser();
    const input = parseInput(selectWorkspaceSchema, { guid });
    const step = await selectWorkspace(principal.sessionId, input.guid, { ...(await currentFacts()), now: new Date() });
    const state = await browserSession();
    if (!state) throw new AppError("UNAUTHENTICATED");
    await storeBrowserSession({
      ...state,
      stage: step.stage,
      accessToken: step.token,
      accessExpiresAt: step.expiresAt.getTime(),
      workspace: { guid: step.workspace.guid, subdomain: step.workspace.subdomain },
    });
    return { subdomain: step.workspace.subdomain };
  });
  if (!result.ok) return result;
  redirect(destination(result.data.subdomain, callbackUrl));
}

/**
 * Step-up: this session signed in before the user had MFA; a current code counts as its MFA so
 * workspaces that require it can be entered without signing in again.
 */
export async function confirmSessionMfaAction(input: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireUser();
    const { code } = parseInput(authenticatorCodeSchema, input);
    await confirmSessionMfa(principal.sessionId, principal.user.id, code, { ...(await currentFacts()), now: new Date() });
  });
}
