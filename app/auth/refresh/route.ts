// GET /auth/refresh?callbackUrl=… — middleware sends a page request here when the session's
// access token has expired: rotate the refresh token, store the new pair in the cookie, go back.
// POST /auth/refresh — the same for the page's timer, ahead of expiry; answers JSON.
// A GET that changes state, but only the caller's own cookie, with the refresh token it holds.
import { NextResponse } from "next/server";
import { errorResponse, json } from "@/lib/api/handler";
import { browserSession, currentFacts, requireSameOrigin, safeCallbackUrl } from "@/lib/auth/dal";
import { refreshSession } from "@/lib/auth/journey";
import { signOut, storeBrowserSession } from "@/lib/auth/next-auth";
import { AppError, isAppError } from "@/lib/errors";

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

export async function GET(request: Request) {
  const url = new URL(request.url);
  const back = safeCallbackUrl(url.searchParams.get("callbackUrl")) ?? "/workspaces";
  try {
    await refreshCookie();
    return NextResponse.redirect(new URL(back, request.url), 303);
  } catch (error) {
    if (!isAppError(error)) throw error;
    // The session is over (revoked, reused token, expired): clear the cookie and sign in again.
    await signOut({ redirect: false });
    const login = new URL("/login", request.url);
    login.searchParams.set("callbackUrl", back);
    return NextResponse.redirect(login, 303);
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
