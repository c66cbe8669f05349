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

/** The browser's timer refreshes this long before the access token expires. */
const REFRESH_AHEAD_MS = 60_000;

/**
 * When the browser's timer refreshes a token expiring at `expiresAt` that it learned of at
 * `learnedAt` (epoch ms): REFRESH_AHEAD_MS before expiry, or halfway through what was left when
 * that is shorter. A workspace's policy can make tokens live one minute; a fixed minute ahead
 * would then refresh at once, again and again.
 */
export function refreshDueAt(expiresAt: number, learnedAt: number): number {
  return expiresAt - Math.min(REFRESH_AHEAD_MS, Math.max(0, (expiresAt - learnedAt) / 2));
}

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
