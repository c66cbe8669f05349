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
