import "server-only";
import { keyedHash, randomToken, safeEqual } from "@/lib/crypto";
import { appEnv } from "@/lib/env";

// A device cookie (OWASP, "Slow Down Online Guessing Attacks with Device Cookies") marks a
// browser or API client that signed in to an account before. It carries no e-mail: it is
// `<issued at, epoch seconds>.<nonce>.<HMAC over both and the e-mail>`, checked against the
// e-mail typed, so reading it tells nothing, and it works only for the account it was made for.

/** A device stays known for 180 days after its last sign-in. */
export const DEVICE_COOKIE_TTL = 180 * 24 * 60 * 60;

/** `__Host-` on https: only this origin, over TLS, on path `/`, can set it. */
export function deviceCookieName(): string {
  return appEnv().secureCookies ? "__Host-gatehouse.device" : "gatehouse.device";
}

function mac(issuedAt: string, nonce: string, email: string): string {
  return keyedHash("device-cookie", `${issuedAt}.${nonce}.${email}`);
}

/** A new device token for a sign-in of `email` (normalised) at `now`. */
export function issueDeviceToken(email: string, now: Date): string {
  const issuedAt = String(Math.floor(now.getTime() / 1000));
  const nonce = randomToken(16);
  return `${issuedAt}.${nonce}.${mac(issuedAt, nonce, email)}`;
}

/**
 * The device's id (its nonce) when `token` is one Gatehouse issued for `email` within
 * {@link DEVICE_COOKIE_TTL} of `now`; null for anything else, which is then an unknown client.
 * Pure computation, so it costs the same whether or not the account exists.
 */
export function deviceIdFor(token: string | null | undefined, email: string, now: Date): string | null {
  const [issuedAt = "", nonce = "", signature = "", ...rest] = (token ?? "").split(".");
  if (rest.length || !/^\d{1,12}$/.test(issuedAt) || !/^[\w-]{16,64}$/.test(nonce)) return null;
  const age = now.getTime() / 1000 - Number(issuedAt);
  if (age < -60 || age > DEVICE_COOKIE_TTL) return null;
  return safeEqual(signature, mac(issuedAt, nonce, email)) ? nonce : null;
}

/** The device token in a `Cookie` header (the REST API), if any. */
export function deviceTokenFromCookieHeader(header: string | null): string | null {
  const name = deviceCookieName();
  for (const pair of (header ?? "").split(";")) {
    const [key, ...value] = pair.trim().split("=");
    if (key === name) return value.join("=") || null;
  }
  return null;
}

/** The cookie's attributes: HttpOnly, SameSite=Strict, Secure on https, path `/`. */
export function deviceCookieOptions() {
  return { httpOnly: true, sameSite: "strict" as const, secure: appEnv().secureCookies, path: "/", maxAge: DEVICE_COOKIE_TTL };
}

/** A `Set-Cookie` header value for `token` (the REST API's login response). */
export function deviceSetCookie(token: string): string {
  const options = deviceCookieOptions();
  return [`${deviceCookieName()}=${token}`, `Path=${options.path}`, `Max-Age=${options.maxAge}`, "HttpOnly", "SameSite=Strict", ...(options.secure ? ["Secure"] : [])].join("; ");
}
