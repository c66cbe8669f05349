// Threat: skipping or confusing middleware (CVE-2025-29927's x-middleware-subrequest, RSC and
// prefetch variants, Pages-Router data URLs) to reach protected data. Middleware only routes;
// the data layer behind every page and endpoint must refuse on its own.
import { expect, test, type APIRequestContext } from "@playwright/test";

const BYPASS_HEADERS: Array<Record<string, string>> = [
  { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
  { "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware" },
  { rsc: "1" },
  { rsc: "1", "next-router-prefetch": "1" },
  { "next-router-segment-prefetch": "/_tree", rsc: "1" },
  { "x-nextjs-data": "1" },
  { purpose: "prefetch" },
  { "x-middleware-skip": "1", "x-middleware-rewrite": "/w/acme" },
];

const PROTECTED_PAGES = ["/w/acme", "/w/acme.rsc", "/w/acme?_rsc=abc", "/workspaces", "/settings/security", "/_next/data/build/w/acme.json"];

async function expectNoWorkspaceData(request: APIRequestContext, url: string, headers: Record<string, string>) {
  const response = await request.get(url, { headers, maxRedirects: 0 });
  const body = await response.text();
  // Either a redirect to a sign-in step, or a page without any workspace content.
  expect([200, 303, 307, 308, 404], `${url} ${JSON.stringify(headers)} → ${response.status()}`).toContain(response.status());
  // Next.js gives a Pages-Router data URL's redirect target in x-nextjs-redirect, not Location.
  if (response.status() >= 300 && response.status() < 400) expect(response.headers().location ?? response.headers()["x-nextjs-redirect"]).toMatch(/\/(login|workspaces|auth\/refresh)/);
  expect(body).not.toMatch(/ROLE_[A-Z_]+/);
  expect(body).not.toContain("Acme Retail");
}

test.describe("without a session", () => {
  // Two shapes share header names (x-middleware-subrequest): the number keeps titles unique.
  for (const [index, headers] of BYPASS_HEADERS.entries()) {
    test(`pages reveal nothing with #${index + 1} ${Object.keys(headers).join("+")}`, async ({ request }) => {
      for (const url of PROTECTED_PAGES) await expectNoWorkspaceData(request, url, headers);
    });

    test(`the API answers 401 JSON with #${index + 1} ${Object.keys(headers).join("+")}`, async ({ request }) => {
      for (const url of ["/uauth/me", "/uauth/business-profile/"]) {
        const response = await request.get(url, { headers, maxRedirects: 0 });
        expect(response.status()).toBe(401);
        expect(response.headers()["www-authenticate"]).toMatch(/^Bearer/);
        expect((await response.json()).error.code).toBe("UNAUTHENTICATED");
      }
    });
  }
});

test.describe("with a signed-in user who has not chosen a workspace", () => {
  test("no bypass shape opens a workspace page", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("E-mail").fill("bob@gatehouse.test");
    await page.getByLabel("Password").fill("bob-demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/workspaces/);
    for (const headers of BYPASS_HEADERS) {
      for (const url of ["/w/acme", "/w/acme.rsc", "/w/globex"]) await expectNoWorkspaceData(page.request, url, headers);
    }
  });
});

test.describe("security headers and cross-site requests", () => {
  test("every page carries CSP, frame-ancestors 'none', nosniff and a referrer policy", async ({ request }) => {
    for (const url of ["/", "/login"]) {
      const headers = (await request.get(url)).headers();
      expect(headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
      expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("no-referrer");
      expect(headers["x-frame-options"]).toBe("DENY");
    }
  });

  test("the nonce changes on every request", async ({ request }) => {
    const nonce = async () => /'nonce-([^']+)'/.exec((await request.get("/login")).headers()["content-security-policy"]!)![1];
    expect(await nonce()).not.toBe(await nonce());
  });

  for (const [label, origin] of [
    ["another site", "https://evil.example"],
    ["Origin: null", "null"],
    ["no Origin", undefined],
  ] as const) {
    test(`a server action POST from ${label} is refused`, async ({ request, baseURL }) => {
      const headers: Record<string, string> = { "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" };
      if (origin) headers.origin = origin;
      const response = await request.post(`${baseURL}/login`, { headers, data: "[]", maxRedirects: 0 });
      expect(response.status()).toBe(403);
      expect((await response.json()).error.code).toBe("FORBIDDEN");
    });
  }
});
