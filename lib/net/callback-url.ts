// Where to send someone after a step: only a path on this site. Edge-safe and pure.

function offSite(path: string): boolean {
  return !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\") || /[\u0000-\u001f\\]/.test(path);
}

/**
 * A same-origin path (with its query), or null: never another site. Both the input and the path
 * it normalises to are checked — `/.//evil.example` passes the first look but resolves to
 * `//evil.example`, which a browser would follow off-site.
 */
export function safeCallbackUrl(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 2048 || offSite(value)) return null;
  try {
    const url = new URL(value, "http://gatehouse.invalid");
    const path = `${url.pathname}${url.search}`;
    return url.origin === "http://gatehouse.invalid" && !offSite(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * A 303 to a path on this site with a relative `Location`, so the browser stays on the host it
 * used: Next.js builds a route handler's `request.url` from its configured host name, and an
 * absolute redirect built on it (or on APP_URL) would send a browser at 127.0.0.1 to localhost,
 * where it has no cookie. APP_URL is for links that leave the request (e-mails).
 */
export function seeOther(path: string): Response {
  const location = safeCallbackUrl(path);
  if (!location) throw new TypeError(`seeOther takes a path on this site, not ${JSON.stringify(path)}`);
  return new Response(null, { status: 303, headers: { location } });
}
