// GET /auth/refresh?callbackUrl=… — middleware sends a page request here when the session's
// access token has expired: rotate the refresh token, store the new pair in the cookie, go back.
// POST /auth/refresh — the same for the page's timer, ahead of expiry; answers JSON.
// A GET that changes state, but only the caller's own cookie, with the refresh token it holds.
import { errorResponse, json } from "@/lib/api/handler";
import { browserSession, currentFacts, requireSameOrigin, safeCallbackUrl } from "@/lib/auth/dal";
import { refreshSession } from "@/lib/auth/journey";
import { signOut, storeBrowserSession } from "@/lib/auth/next-auth";
import { suspensionNoticeRef } from "@/lib/auth/suspension-notice";
import { AppError, isAppError } from "@/lib/errors";
import { seeOther } from "@/lib/net/callback-url";

async function refreshCookie(): Promise<{ expiresAt: number }> {
  const state = await browserSession();
  if (!state?.refreshToken) throw new AppError("UNAUTHENTICATED");
  const pair = await refreshSession(state.refreshToken, { ...(await currentFacts()), now: new Date() }, { leaveRefusedWorkspace: true });
  const expiresAt = Date.parse(pair.expiresAt);
  await storeBrowserSession({
    ...state,
    stage: pair.stage,
    // A workspace that refused the session on this refresh is left; the list says why.
    workspace: pair.stage === "workspace" ? state.workspace : null,
    accessToken: pair.token,
    refreshToken: pair.refreshToken,
    accessExpiresAt: expiresAt,
  });
  return { expiresAt };
}

// Redirects are relative paths (seeOther): the browser stays on the host it used.
export async function GET(request: Request) {
  const url = new URL(request.url);
  const back = safeCallbackUrl(url.searchParams.get("callbackUrl")) ?? "/workspaces";
  try {
    await refreshCookie();
    return seeOther(back);
  } catch (error) {
    if (!isAppError(error)) throw error;
    // The session is over (revoked, reused token, expired): clear the cookie and sign in again,
    // told why unless there was no session to end. When its workspace's suspension ended it, the
    // sign-in page names the workspace and the reason, and leads to the workspace list instead.
    const sid = (await browserSession())?.sid;
    await signOut({ redirect: false });
    const login = new URLSearchParams();
    if (error.code === "WORKSPACE_SUSPENDED" && sid) {
      login.set("notice", "workspace-suspended");
      login.set("ref", suspensionNoticeRef(sid));
    } else {
      login.set("callbackUrl", back);
      if (error.code !== "UNAUTHENTICATED") login.set("notice", "session-ended");
    }
    return seeOther(`/login?${login}`);
  }
}

export async function POST() {
  try {
    await requireSameOrigin();
    return json(await refreshCookie(), 200);
  } catch (error) {
    return errorResponse(error);
  }
}
