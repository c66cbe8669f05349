// Edge middleware: routes people to the step they need and sets security headers. It never
// authorises: every page, action and route handler asks the data layer (lib/auth/dal.ts,
// lib/api/handler.ts), which re-reads the session from the database. Edge-safe imports only.
import { decode } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { apiMethods } from "@/lib/api/surface";
import { homePath, isBrowserSession, sessionCookieName, type BrowserSession } from "@/lib/auth/browser-session";
import { appEnv, secretsEnv } from "@/lib/env";
import { AppError, errorBody } from "@/lib/errors";
import { refuseActionBody } from "@/lib/net/action-body";
import { isAllowedHost, isSameOrigin, isStateChanging } from "@/lib/net/origin";
import { isPageRoute, routeMatcher } from "@/lib/net/pages";
import { PATH_HEADER } from "@/lib/net/request";
import { verifyAccessToken } from "@/lib/tokens/verify";

/** Headers only Gatehouse sets; a client's copy is dropped before anything reads it. */
const INTERNAL_HEADERS = [PATH_HEADER, "x-nonce"];

const API_PREFIXES = ["/uauth/", "/api/", "/.well-known/"];
// The development mailbox answers 404 itself wherever it is not in use (lib/email/mailbox.ts);
// /metrics checks its own bearer secret (lib/metrics/scrape.ts) and is never a sign-in page.
const isPublicPage = routeMatcher(["/metrics", "/", "/login", "/auth/refresh", "/invitations/[token]", "/forgot-password", "/reset-password/[token]", "/dev/mailbox", "/dev/mailbox/[id]", "/docs/api"]);

type Step = "none" | "expired" | "mfa" | "user" | "workspace";

/** Reads the session cookie (next-auth's encrypted JWT, possibly chunked). */
async function readSession(request: NextRequest): Promise<BrowserSession | null> {
  const name = sessionCookieName();
  const whole = request.cookies.get(name)?.value;
  const chunks = request.cookies
    .getAll()
    .filter((cookie) => cookie.name.startsWith(`${name}.`))
    .sort((a, b) => Number(a.name.split(".").pop()) - Number(b.name.split(".").pop()))
    .map((cookie) => cookie.value)
    .join("");
  const token = whole ?? (chunks || null);
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: secretsEnv().authSecret, salt: name });
    return isBrowserSession(payload?.gatehouse) ? payload.gatehouse : null;
  } catch {
    return null;
  }
}

/** Where the cookie's session stands, judged only by what can be checked at the edge. */
async function stepOf(session: BrowserSession | null, now: Date): Promise<Step> {
  if (!session) return "none";
  if (session.accessExpiresAt <= now.getTime()) return session.refreshToken ? "expired" : "none";
  // A token of another audience or a forged one is no session at all.
  const claims = await verifyAccessToken(session.accessToken, [session.stage], now);
  return claims && claims.sid === session.sid ? claims.stage : "none";
}

function contentSecurityPolicy(nonce: string): string {
  const dev = appEnv().nodeEnv === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function withSecurityHeaders(response: NextResponse, csp: string | null): NextResponse {
  if (csp) response.headers.set("content-security-policy", csp);
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("referrer-policy", "no-referrer");
  response.headers.set("x-frame-options", "DENY");
  response.headers.set("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
  response.headers.set("cross-origin-opener-policy", "same-origin");
  if (appEnv().secureCookies) response.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  return response;
}

function redirectTo(request: NextRequest, path: string, back?: string): NextResponse {
  const url = new URL(path, request.url);
  if (back) url.searchParams.set("callbackUrl", back);
  return NextResponse.redirect(url, 303);
}

/** An error in the API's JSON shape (`{"error": {"code", "message"}}`), never cached. */
function errorJson(error: AppError, headers: Record<string, string> = {}): NextResponse {
  return new NextResponse(JSON.stringify(errorBody(error)), {
    status: error.status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/** The redirect a page needs for the session's step, or null to let it render. */
function route(pathname: string, step: Step, session: BrowserSession | null, request: NextRequest): NextResponse | null {
  const back = `${pathname}${request.nextUrl.search}`;
  // No such page: Next's 404 at once, not a detour through sign-in to it.
  if (!isPageRoute(pathname)) return null;
  if (isPublicPage(pathname)) {
    if (pathname === "/login" && (step === "user" || step === "workspace")) return redirectTo(request, homePath(session));
    return null;
  }
  if (step === "expired") return redirectTo(request, "/auth/refresh", back);
  if (pathname === "/login/mfa") {
    if (step === "mfa") return null;
    return step === "none" ? redirectTo(request, "/login") : redirectTo(request, homePath(session));
  }
  if (step === "none") return redirectTo(request, "/login", back);
  if (step === "mfa") return redirectTo(request, "/login/mfa", back);
  const workspacePath = /^\/w\/([^/]+)/.exec(pathname);
  if (workspacePath && (step !== "workspace" || session?.workspace?.subdomain !== workspacePath[1])) {
    // Another workspace's page: choose it first (the selection checks membership and policy).
    return redirectTo(request, "/workspaces", back);
  }
  return null;
}

export async function middleware(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  const requestHeaders = new Headers(request.headers);
  for (const name of INTERNAL_HEADERS) requestHeaders.delete(name);

  // A Host that is not one of Gatehouse's names: DNS rebinding, refused before anything runs.
  if (!(await isAllowedHost(request.headers))) return withSecurityHeaders(errorJson(new AppError("MISDIRECTED_REQUEST")), null);

  if (API_PREFIXES.some((prefix) => pathname.startsWith(prefix))) {
    // The API answers with JSON from its own handler wrapper; no redirects here. A path or
    // method it does not have is answered in the same JSON (Next would send HTML or nothing).
    const allow = apiMethods(pathname);
    if (allow === null) return withSecurityHeaders(errorJson(new AppError("NOT_FOUND")), null);
    if (allow && !allow.includes(request.method)) return withSecurityHeaders(errorJson(new AppError("METHOD_NOT_ALLOWED"), { allow: allow.join(", ") }), null);
    return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), "default-src 'none'; frame-ancestors 'none'");
  }

  // A state-changing page request (server actions) must come from the app's own pages.
  if (isStateChanging(request.method) && !(await isSameOrigin(request.headers))) {
    return withSecurityHeaders(errorJson(new AppError("FORBIDDEN", { message: "Cross-site request refused." })), null);
  }
  const refusedBody = await refuseActionBody(request);
  if (refusedBody) return withSecurityHeaders(errorJson(refusedBody), null);

  const session = await readSession(request);
  const redirect = route(pathname, await stepOf(session, new Date()), session, request);
  if (redirect) return withSecurityHeaders(redirect, null);

  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);
  requestHeaders.set("x-nonce", nonce);
  // Next.js reads the nonce for its own scripts from the request's CSP header.
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set(PATH_HEADER, `${pathname}${request.nextUrl.search}`);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

export const config = {
  // Everything but static build output and public files: pages, actions and the API. The tab's
  // icon (app/icon.svg) is one: routed like a page, an MFA-pending browser's icon request became a
  // second /login/mfa render that raced the code being verified and could end in a cleared cookie.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|icon\\.svg|logos/).*)"],
};
