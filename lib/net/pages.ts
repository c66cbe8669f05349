// The app's page routes, for middleware: edge-safe and pure.

/**
 * Every path a browser may open outside the API: each app/**∕page.tsx and the route handlers
 * that are not under an API prefix (/auth/refresh, /metrics, the audit export), in Next's own
 * notation. Middleware sends a person through sign-in only on the way to one of these; any other
 * path goes straight to Next's 404 (a detour through sign-in to a page that does not exist helps
 * nobody). pages.test.ts walks app/ and fails when this list and the files disagree.
 */
export const PAGE_ROUTES = [
  "/",
  "/admin",
  "/admin/audit",
  "/admin/audit/export",
  "/admin/invitations",
  "/admin/users",
  "/admin/workspaces/[guid]",
  "/admin/workspaces/new",
  "/auth/refresh",
  "/dev/mailbox",
  "/dev/mailbox/[id]",
  "/docs/api",
  "/forgot-password",
  "/invitations/[token]",
  "/login",
  "/login/mfa",
  "/login/recovery-codes",
  "/login/verify",
  "/metrics",
  "/reset-password/[token]",
  "/settings/security",
  "/settings/sessions",
  "/w/[subdomain]",
  "/w/[subdomain]/settings",
  "/w/[subdomain]/settings/api-keys",
  "/w/[subdomain]/settings/members",
  "/w/[subdomain]/settings/roles",
  "/w/[subdomain]/settings/sessions",
  "/w/[subdomain]/settings/workspace",
  "/workspaces",
] as const;

/** One route segment as a pattern: `[name]` is any one segment, `[...name]` one or more. */
function segmentPattern(segment: string): string {
  if (/^\[\.\.\.[^\]]+\]$/.test(segment)) return ".+";
  if (/^\[[^\]]+\]$/.test(segment)) return "[^/]+";
  return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A test for whether a request's pathname is one of `routes` (in Next's notation). */
export function routeMatcher(routes: readonly string[]): (pathname: string) => boolean {
  const patterns = routes.map((route) => new RegExp(`^${route.split("/").map(segmentPattern).join("/")}$`));
  return (pathname) => patterns.some((pattern) => pattern.test(pathname));
}

/** Whether `pathname` is one of the app's pages (see {@link PAGE_ROUTES}). */
export const isPageRoute = routeMatcher(PAGE_ROUTES);
