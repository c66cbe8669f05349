import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { can, type Authority } from "@/lib/auth/authorities";
import type { BrowserSession } from "@/lib/auth/browser-session";
import { auth } from "@/lib/auth/next-auth";
import { personOnly, requireLandlordPrincipal, requireStage, resolveAccessToken, type Need, type PersonPrincipal, type Principal, type UserPrincipal, type WorkspacePrincipal } from "@/lib/auth/principal";
import { liveSessionAccount } from "@/lib/auth/sessions";
import { AppError, isAppError } from "@/lib/errors";
import { safeCallbackUrl } from "@/lib/net/callback-url";
import { requireSameOrigin as requireSameOriginOf } from "@/lib/net/origin";
import { PATH_HEADER, requestFacts, type RequestFacts } from "@/lib/net/request";

export { safeCallbackUrl };

// The data access layer: the only door into tenant data for pages, server actions and route
// handlers of the browser. Each `require*` re-reads the session row, the membership and the
// authorities (through resolveAccessToken) and throws an AppError when the caller falls short;
// `guardPage` turns those errors into the redirect a person needs.

/** The browser session in the cookie, or null. Read once per request. */
export const browserSession = cache(async (): Promise<BrowserSession | null> => (await auth())?.gatehouse ?? null);

/**
 * Who the cookie is signed in as, at any step (an open MFA challenge too), or null when it holds
 * no live session. Not a guard, it grants nothing: a public page and its actions (an invitation
 * link) use it to refuse acting for one account while the browser is signed in as another.
 */
export const signedInAccount = cache(async () => {
  const state = await browserSession();
  return state ? liveSessionAccount(state.sid, new Date()) : null;
});

/** The caller's address and agent. */
export const currentFacts = cache(async (): Promise<RequestFacts> => requestFacts(await headers()));

const currentPrincipal = cache(async (need: Need): Promise<Principal> => {
  const state = await browserSession();
  if (!state) throw new AppError("UNAUTHENTICATED");
  if (state.accessExpiresAt <= Date.now()) throw new AppError("INVALID_TOKEN");
  return resolveAccessToken(state.accessToken, (await currentFacts()).ip, new Date(), need);
});

/** The MFA-pending session (the /login/mfa step). */
export async function requireMfaPending(): Promise<UserPrincipal> {
  const principal = await currentPrincipal("session");
  if (principal.kind !== "user") throw personOnly();
  if (principal.stage !== "mfa") throw new AppError("CONFLICT", { message: "This sign-in is already past the MFA step." });
  return principal;
}

/** A signed-in user (past MFA), with or without a workspace. */
export async function requireUser(): Promise<PersonPrincipal> {
  const principal = await currentPrincipal("session");
  requireStage(principal, "user");
  return principal;
}

/**
 * A member working in a workspace, optionally holding `authority` there. The browser's cookie
 * holds a person's workspace token; the type is the one every workspace caller shares, API keys
 * included, so the domain functions behind a page and an API route are the same.
 */
export async function requireWorkspace(authority?: Authority): Promise<WorkspacePrincipal> {
  const principal = await currentPrincipal("workspace");
  requireStage(principal, "workspace");
  if (authority && !can(principal, authority)) throw new AppError("FORBIDDEN");
  return principal;
}

/**
 * A landlord (platform operator) admin who passed MFA in this session, on a user or workspace
 * token: LANDLORD_ONLY for everyone else (a 404 page through guardPage), MFA_REQUIRED for a
 * landlord without MFA this session.
 */
export async function requireLandlord(): Promise<PersonPrincipal> {
  const principal = await currentPrincipal("session");
  requireLandlordPrincipal(principal);
  return principal;
}

/**
 * Refuses a request that does not come from Gatehouse's own pages (403): its Origin must be the
 * app's own, by the one rule of lib/net/origin.ts. runAction runs it before every server action.
 */
export async function requireSameOrigin(): Promise<void> {
  await requireSameOriginOf(await headers());
}

/** The path being rendered, safe to put in a callbackUrl. */
async function currentPath(): Promise<string> {
  return safeCallbackUrl((await headers()).get(PATH_HEADER)) ?? "/";
}

/**
 * Where a caller who owes MFA goes, coming back to `back` (encoded) afterwards: a sign-in at its
 * MFA step to /login/mfa; a signed-in user without a factor (a landlord admin as
 * `npm run admin:create` makes one: the console needs MFA) to set one up; one with a factor
 * whose session never used it to confirm a current code.
 */
async function mfaStepFor(back: string): Promise<string> {
  if ((await browserSession())?.stage !== "mfa") {
    const principal = await currentPrincipal("session");
    if (principal.kind === "user" && principal.stage !== "mfa") return principal.user.hasMfa ? `/login/verify?callbackUrl=${back}` : `/settings/security?next=${back}`;
  }
  return `/login/mfa?callbackUrl=${back}`;
}

/**
 * Runs a page's guard; a caller who falls short is sent to the step they still need and back
 * to this page afterwards. A page only landlord admins may see answers 404 to everyone else, as
 * if it did not exist (the API says 403 LANDLORD_ONLY).
 */
export async function guardPage<T>(guard: () => Promise<T>): Promise<T> {
  try {
    return await guard();
  } catch (error) {
    if (!isAppError(error)) throw error;
    const back = encodeURIComponent(await currentPath());
    switch (error.code) {
      // An expired access token is refreshed; a session that has ended (revoked elsewhere, MFA
      // turned off, reuse detected) fails that refresh there, which clears the cookie and leads
      // to /login. Sending it to /login directly would loop: middleware, which cannot see the
      // revocation, sends a cookie that looks valid from /login back here.
      case "INVALID_TOKEN":
      case "SESSION_ENDED":
      case "MFA_CHALLENGE_ENDED":
      case "UNAUTHENTICATED":
        redirect(`/auth/refresh?callbackUrl=${back}`);
      case "MFA_REQUIRED":
        redirect(await mfaStepFor(back));
      case "LANDLORD_ONLY":
        notFound();
      case "CONFLICT":
        redirect("/workspaces");
      case "WORKSPACE_REQUIRED":
      case "WRONG_WORKSPACE":
      case "NOT_A_MEMBER":
      case "WORKSPACE_SUSPENDED":
      case "POLICY_REQUIREMENTS":
      case "FORBIDDEN":
        redirect(`/workspaces?denied=${error.code}`);
      default:
        redirect(`/login?callbackUrl=${back}`);
    }
  }
}
