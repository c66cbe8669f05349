// The one same-origin rule for state-changing requests: middleware, route handlers and the server
// action runner all ask it. Edge-safe.
import { appEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isTrustedProxy, provenPeer } from "@/lib/net/request";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** A host name or address with an optional port, nothing else. */
const HOST = /^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** True for methods that may change state, which must come from the app's own pages. */
export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The last value of a comma-separated forwarding header: the one the nearest proxy wrote. */
function nearestValue(value: string | null): string | null {
  return value?.split(",").pop()?.trim() || null;
}

/**
 * The origin the request was addressed to: scheme and host of the connection, or the ones a
 * trusted proxy (a proven peer in TRUSTED_PROXIES) forwarded. Gatehouse's server speaks plain
 * HTTP; a client's X-Forwarded-Host or X-Forwarded-Proto is never believed (Next.js copies them
 * through, and compares only hosts).
 */
async function requestOrigin(headers: Headers): Promise<string | null> {
  const viaProxy = isTrustedProxy(await provenPeer(headers));
  const host = (viaProxy && nearestValue(headers.get("x-forwarded-host"))) || headers.get("host");
  const scheme = (viaProxy && nearestValue(headers.get("x-forwarded-proto"))?.toLowerCase()) || "http";
  // A Host with a path, user info or query is not a host.
  if (!host || !HOST.test(host) || (scheme !== "http" && scheme !== "https")) return null;
  return URL.canParse(`${scheme}://${host}`) ? new URL(`${scheme}://${host}`).origin : null;
}

/**
 * Whether the request's `Origin` is the app's own: the same scheme, host and port as the request
 * was addressed to, or APP_URL's origin when APP_URL is set. A missing Origin (Next.js lets it
 * through) and `Origin: null` (sandboxed frames, some redirects) are refused.
 */
export async function isSameOrigin(headers: Headers): Promise<boolean> {
  const origin = headers.get("origin");
  if (!origin || origin === "null" || !URL.canParse(origin)) return false;
  const claimed = new URL(origin);
  if (claimed.origin === "null" || claimed.href !== `${claimed.origin}/`) return false;
  const { configuredOrigin } = appEnv();
  return claimed.origin === configuredOrigin || claimed.origin === (await requestOrigin(headers));
}

/** Throws FORBIDDEN unless {@link isSameOrigin}: the form route handlers and server actions use. */
export async function requireSameOrigin(headers: Headers): Promise<void> {
  if (!(await isSameOrigin(headers))) throw new AppError("FORBIDDEN", { message: "Cross-site request refused." });
}
