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
 * The scheme and host the request was addressed to: of the connection, or the ones a trusted
 * proxy (a proven peer in TRUSTED_PROXIES) forwarded. Gatehouse's server speaks plain HTTP; a
 * client's X-Forwarded-Host or X-Forwarded-Proto is never believed (Next.js copies them through,
 * and compares only hosts). Null when the Host is not a bare host (a path, user info, a query).
 */
async function addressed(headers: Headers): Promise<{ scheme: "http" | "https"; host: string } | null> {
  const viaProxy = isTrustedProxy(await provenPeer(headers));
  const host = (viaProxy && nearestValue(headers.get("x-forwarded-host"))) || headers.get("host");
  const scheme = (viaProxy && nearestValue(headers.get("x-forwarded-proto"))?.toLowerCase()) || "http";
  if (!host || !HOST.test(host) || (scheme !== "http" && scheme !== "https") || !URL.canParse(`${scheme}://${host}`)) return null;
  return { scheme, host: host.toLowerCase() };
}

/** Host names that reach only this machine; any of them is the local site's own. */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Whether the request was addressed to Gatehouse by a name it answers to: APP_URL's host name
 * (any loopback name when that is a loopback one, as for `npm start`), on APP_URL's port when the
 * Host names one. Anything else is DNS rebinding — a page of another site whose name was made to
 * point here, driving the loopback-only demo (or an internal deployment) with the browser's
 * access — and middleware refuses it with 421 before anything else runs.
 */
export async function isAllowedHost(headers: Headers): Promise<boolean> {
  const target = await addressed(headers);
  if (!target) return false;
  const [hostname, port] = [target.host.replace(/:\d+$/, ""), /:(\d+)$/.exec(target.host)?.[1]];
  const app = new URL(appEnv().appUrl);
  if (port && port !== (app.port || (app.protocol === "https:" ? "443" : "80"))) return false;
  return hostname === app.hostname || (LOOPBACK_HOST.test(app.hostname) && LOOPBACK_HOST.test(hostname));
}

/**
 * Whether the request's `Origin` is the app's own: the same scheme, host and port as the request
 * was addressed to, or APP_URL's origin (a TLS proxy not listed in TRUSTED_PROXIES) when it names
 * that same host — Next.js's own check compares the hosts too, and would answer a mismatch 500. A
 * missing Origin (Next.js lets it through) and `Origin: null` (sandboxed frames, some redirects)
 * are refused.
 */
export async function isSameOrigin(headers: Headers): Promise<boolean> {
  const origin = headers.get("origin");
  if (!origin || origin === "null" || !URL.canParse(origin)) return false;
  const claimed = new URL(origin);
  if (claimed.origin === "null" || claimed.href !== `${claimed.origin}/`) return false;
  const target = await addressed(headers);
  if (!target) return false;
  if (claimed.origin === new URL(`${target.scheme}://${target.host}`).origin) return true;
  const { configuredOrigin } = appEnv();
  return claimed.origin === configuredOrigin && claimed.host === target.host;
}

/** Throws FORBIDDEN unless {@link isSameOrigin}: the form route handlers and server actions use. */
export async function requireSameOrigin(headers: Headers): Promise<void> {
  if (!(await isSameOrigin(headers))) throw new AppError("FORBIDDEN", { message: "Cross-site request refused." });
}
