import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ALL_AUTHORITIES } from "@/lib/auth/authorities";
import { secretsEnv } from "@/lib/env";
import { signAccessToken } from "@/lib/tokens/jwt";
import { newRefreshToken } from "@/lib/tokens/refresh";
import { isBrowserSession, refreshDueAt, sessionCookieName, type BrowserSession } from "./browser-session";

describe("the session cookie", () => {
  // Threat: a cookie over 4 KB is split or dropped by browsers, silently signing people out.
  it("stays well under 4 KB for the largest state: a workspace token holding every authority", async () => {
    const now = new Date();
    const { token, expiresAt } = await signAccessToken(
      {
        sub: "2147483647",
        sid: "x".repeat(32),
        stage: "workspace",
        ws: "01234abc-1234-5678-9abc-def012345678",
        wsv: 999999,
        role: "2147483647",
        authorities: ALL_AUTHORITIES,
        email: `${"a".repeat(64)}@${"b".repeat(180)}.example`,
      },
      now,
    );
    const state: BrowserSession = {
      sid: "x".repeat(32),
      stage: "workspace",
      accessToken: token,
      accessExpiresAt: expiresAt.getTime(),
      refreshToken: newRefreshToken(),
      workspace: { guid: "01234abc-1234-5678-9abc-def012345678", subdomain: "a".repeat(63) },
    };
    const cookie = await encode({ token: { gatehouse: state }, secret: secretsEnv().authSecret, salt: sessionCookieName() });
    // Memberships are never in the cookie, so this is the bound whatever their number.
    expect(cookie.length).toBeLessThan(3000);
  });

  it("accepts only Gatehouse's own state shape", () => {
    expect(isBrowserSession({ sid: "s", stage: "user", accessToken: "t", accessExpiresAt: 1, refreshToken: null, workspace: null })).toBe(true);
    expect(isBrowserSession({ sid: "s", stage: "admin", accessToken: "t", accessExpiresAt: 1 })).toBe(false);
    expect(isBrowserSession({ name: "x", email: "y", sub: "1" })).toBe(false);
    expect(isBrowserSession(null)).toBe(false);
  });
});

// Threat: a token that expires before the page's timer refreshes it (a server action then fails),
// or a timer that refreshes in a loop when a workspace's tokens live a minute.
describe("the refresh timer", () => {
  const now = Date.parse("2030-01-01T00:00:00Z");

  it("refreshes a minute before a ten-minute token expires", () => {
    expect(refreshDueAt(now + 600_000, now)).toBe(now + 540_000);
  });

  it("refreshes a one-minute token halfway, so each refresh gives it 30 s before the next", () => {
    expect(refreshDueAt(now + 60_000, now)).toBe(now + 30_000);
    expect(refreshDueAt(now + 20_000, now)).toBe(now + 10_000);
  });

  it("refreshes at once a token already expired", () => {
    expect(refreshDueAt(now - 1_000, now)).toBe(now - 1_000);
  });
});

// Threat: on https, a cookie without the __Host- prefix can be planted or shadowed by a sibling
// subdomain or a plain-HTTP response (session fixation).
describe("the session cookie's name", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  async function freshConfig(appUrl: string | undefined) {
    vi.resetModules();
    vi.stubEnv("APP_URL", appUrl);
    const [{ sessionCookieName }, { authConfig }] = await Promise.all([import("./browser-session"), import("./auth-config")]);
    return { name: sessionCookieName(), sessionToken: authConfig().cookies!.sessionToken! };
  }

  it("carries __Host- on https, with the flags the prefix requires", async () => {
    const { name, sessionToken } = await freshConfig("https://gatehouse.example");
    expect(name).toBe("__Host-gatehouse.session");
    expect(sessionToken.name).toBe(name);
    expect(sessionToken.options).toMatchObject({ secure: true, path: "/", httpOnly: true });
    expect(sessionToken.options).not.toHaveProperty("domain");
  });

  it("stays unprefixed on plain-HTTP localhost, where browsers refuse Secure cookies", async () => {
    const { name, sessionToken } = await freshConfig(undefined);
    expect(name).toBe("gatehouse.session");
    expect(sessionToken.options).toMatchObject({ secure: false });
  });
});
