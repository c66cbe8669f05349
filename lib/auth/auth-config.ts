// next-auth's cookie configuration: the Node instance (lib/auth/next-auth.ts) is built from it, and
// middleware decodes the same cookie with the same name and secret. Edge-safe.
import type { NextAuthConfig } from "next-auth";
import { isBrowserSession, sessionCookieName } from "@/lib/auth/browser-session";
import { appEnv, secretsEnv, sessionEnv } from "@/lib/env";

export function authConfig(): NextAuthConfig {
  const { secureCookies } = appEnv();
  return {
    providers: [],
    secret: secretsEnv().authSecret,
    trustHost: true,
    basePath: "/api/auth",
    // The cookie lives as long as a session may (SESSION_MAX_LIFETIME_HOURS); the session's own
    // limits (absolute and idle) are enforced by its database row.
    session: { strategy: "jwt", maxAge: sessionEnv().maxLifetimeSeconds },
    // Secure everywhere but plain-HTTP localhost; decided by configuration, never per request.
    useSecureCookies: secureCookies,
    cookies: { sessionToken: { name: sessionCookieName(), options: { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies } } },
    pages: { signIn: "/login" },
    callbacks: {
      // Only Gatehouse's own state; anything else in the cookie is treated as no session.
      session: ({ session, token }) => ({ ...session, gatehouse: isBrowserSession(token.gatehouse) ? token.gatehouse : null }),
    },
    logger: {
      // Expected sign-in failures are answered to the person, not logged with their details.
      error: (error) => {
        // `type`, not `name`: the production build minifies class names.
        const type = (error as { type?: string }).type ?? error.name;
        if (type !== "CredentialsSignin") console.error(`next-auth: ${type}: ${error.message.split(". Read more")[0]}`);
      },
    },
  };
}

declare module "next-auth" {
  interface Session {
    gatehouse: import("@/lib/auth/browser-session").BrowserSession | null;
  }
}
