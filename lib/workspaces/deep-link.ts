// Which workspace a deep link asks for: middleware sends a signed-in person who opened a
// workspace page without being inside it to /workspaces?callbackUrl=<that page>. Pure.
import { safeCallbackUrl } from "@/lib/net/callback-url";

/** The subdomain of a `/w/<subdomain>…` path on this site, or null (another page, or no path). */
export function workspaceSubdomainOfPath(path: string | null): string | null {
  const safe = safeCallbackUrl(path);
  const match = safe ? /^\/w\/([^/?#]+)/.exec(safe) : null;
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}
