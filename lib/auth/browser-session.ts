// What the browser's session cookie holds (encrypted by next-auth, HTTP-only): the same tokens an
// API client would hold, so the browser and the API share one journey and one data layer.
// Edge-safe: middleware reads it.
import { appEnv } from "@/lib/env";
import type { Stage } from "@/lib/tokens/jwt";

export interface BrowserSession {
  sid: string;
  stage: Stage;
  accessToken: string;
  /** Epoch milliseconds at which `accessToken` expires. */
  accessExpiresAt: number;
  refreshToken: string | null;
  /** The selected workspace, for routing `/w/<subdomain>` (the data layer re-checks it). */
  workspace: { guid: string; subdomain: string } | null;
  /**
   * A landlord admin, as the user row said at sign-in: the header offers the console and sign-in
   * lands there. Routing only; the console's pages re-read the user. Absent in older cookies.
   */
  landlord?: boolean;
}

/** Where a signed-in person starts: the landlord console for a landlord admin, else the workspace list. */
export function homePath(state: Pick<BrowserSession, "landlord"> | null): string {
  return state?.landlord ? "/admin" : "/workspaces";
}

/** Refresh this long before the access token expires (the browser's timer and middleware). */
export const REFRESH_AHEAD_MS = 60_000;

export function isBrowserSession(value: unknown): value is BrowserSession {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.sid === "string" && typeof v.accessToken === "string" && typeof v.accessExpiresAt === "number" && (v.stage === "mfa" || v.stage === "user" || v.stage === "workspace");
}

/**
 * The cookie's name, decided by configuration and never per request (a forged X-Forwarded-Proto
 * cannot change it). Secure cookies carry the `__Host-` prefix: a browser then keeps the cookie
 * only if it is Secure, for path `/` and without a Domain, so a sibling subdomain or a plain-HTTP
 * page can neither plant nor shadow it (session fixation).
 */
export function sessionCookieName(): string {
  return appEnv().secureCookies ? "__Host-gatehouse.session" : "gatehouse.session";
}
