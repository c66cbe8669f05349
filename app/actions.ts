"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/auth/action";
import { browserSession, currentFacts, safeCallbackUrl } from "@/lib/auth/dal";
import { logout } from "@/lib/auth/journey";
import { signOut } from "@/lib/auth/next-auth";

/**
 * Signs the browser out: the session row is revoked (every token of it stops working, the
 * refresh token included) and the cookie is cleared. Works at any step, also for a session
 * that has already ended, so a person is never stuck signed in. Then to `next` (a path on this
 * site: an invitation opened while signed in as someone else), else to the sign-in page.
 */
export async function signOutAction(next?: unknown): Promise<ActionResult> {
  const result = await runAction(async () => {
    const state = await browserSession();
    if (state) await logout(state.sid, { ...(await currentFacts()), now: new Date() });
    await signOut({ redirect: false });
  });
  if (!result.ok) return result;
  redirect(safeCallbackUrl(next) ?? "/login?notice=signed-out");
}
