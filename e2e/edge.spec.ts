// The HTTP edge as a browser meets it on a host name other than APP_URL's default (127.0.0.1
// instead of localhost): redirects, origins and the client address.
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { makeUser, revokeSessions, type FixtureUser } from "./support/fixtures";

/** The e2e server under the loopback address instead of the configured `localhost`. */
const loopback = (baseURL: string | undefined) => baseURL!.replace("//localhost:", "//127.0.0.1:");

async function signInAt(page: Page, site: string, user: FixtureUser): Promise<void> {
  await page.goto(`${site}/login`);
  await new LoginPage(page).signIn(user.email, user.password);
  await new WorkspacesPage(page).expectShown();
  expect(new URL(page.url()).origin).toBe(site);
}

test.describe("returning users stay on the host they used", () => {
  // A sign-in, a fixture run and a page or two: more than the default 30 s on a busy machine.
  test.slow();
  // Threat: the refresh redirect sends a browser at 127.0.0.1 to APP_URL's default localhost,
  // where it has no cookie: a returning user is signed out.
  test("/auth/refresh answers a relative Location and the browser stays signed in", async ({ page, baseURL }) => {
    const site = loopback(baseURL);
    await signInAt(page, site, makeUser({ name: "Hal Host", memberships: { acme: "member" } }));

    const response = await page.request.get(`${site}/auth/refresh?callbackUrl=%2Fworkspaces`, { maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers().location).toBe("/workspaces");

    await page.goto(`${site}/auth/refresh?callbackUrl=%2Fworkspaces`);
    await new WorkspacesPage(page).expectShown();
    expect(new URL(page.url()).origin).toBe(site);
  });

  // Threat: a session that ended looks like a random sign-out, so a stolen-session revocation
  // goes unnoticed; the sign-in page says why the person is back.
  test("a refresh of a session that ended signs out on the same host and says so", async ({ page, baseURL }) => {
    const site = loopback(baseURL);
    const user = makeUser({ name: "Ena Ended", memberships: { acme: "member" } });
    await signInAt(page, site, user);
    revokeSessions(user.id);

    await page.goto(`${site}/auth/refresh?callbackUrl=%2Fworkspaces`);
    await new LoginPage(page).expectShown();
    expect(page.url()).toBe(`${site}/login?callbackUrl=%2Fworkspaces&notice=session-ended`);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Your session has ended. Sign in again to continue.");
  });
});

/** The user token of a fixture user without MFA, through the API. */
async function userToken(request: APIRequestContext, user: FixtureUser): Promise<string> {
  const login = await request.post("/uauth/auth/login/user", { data: { username: user.email, password: user.password } });
  expect(login.status()).toBe(200);
  return ((await login.json()) as { token: string }).token;
}

test.describe("the client address", () => {
  // Threat: a client claims an office address with Gatehouse's own peer header (and a made-up
  // proof) to enter an IP-restricted workspace.
  test("forged x-gatehouse-peer headers are overwritten by the server", async ({ request }) => {
    const user = makeUser({ name: "Pia Peer", memberships: { umbrella: "member" } });
    const forged = { "x-gatehouse-peer": "10.9.9.9", "x-gatehouse-peer-proof": "A".repeat(43) };
    const token = await userToken(request, user);
    const profiles = (await (await request.get("/uauth/business-profile/", { headers: { authorization: `Bearer ${token}` } })).json()) as Array<{ subdomain: string; businessProfileGuid: string }>;
    const umbrella = profiles.find((profile) => profile.subdomain === "umbrella")!;
    const selected = await request.post(`/uauth/auth/login/user/profile/${umbrella.businessProfileGuid}`, { headers: { ...forged, authorization: `Bearer ${token}` } });
    expect(selected.status()).toBe(403);
    expect(((await selected.json()) as { error: { requirements: unknown } }).error.requirements).toEqual([{ type: "ip", reason: "not_in_allowlist" }]);
  });
});

test.describe("server actions from another origin", () => {
  // Threat: cross-site request forgery that passes a host-only comparison: the same host over
  // another scheme, or the attacker's origin repeated in a client-sent X-Forwarded-Host.
  for (const [label, headers] of [
    ["the same host over https", (site: string) => ({ origin: site.replace("http:", "https:") })],
    ["an X-Forwarded-Host naming the attacker", () => ({ origin: "https://evil.test", "x-forwarded-host": "evil.test", "x-forwarded-proto": "https" })],
  ] as const) {
    test(`are refused with ${label}`, async ({ request, baseURL }) => {
      const response = await request.post(`${baseURL}/login`, {
        headers: { ...headers(baseURL!), "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" },
        data: "[]",
        maxRedirects: 0,
      });
      expect(response.status()).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    });
  }
});

/** The login action's id from the build's manifest, so a request reaches Next's own decoder. */
function loginActionId(): string {
  const manifest = JSON.parse(readFileSync(path.join(import.meta.dirname, "../.next/server/server-reference-manifest.json"), "utf8")) as { node: Record<string, { exportedName?: string }> };
  return Object.entries(manifest.node).find(([, action]) => action.exportedName === "loginAction")![0];
}

test.describe("requests Next.js would answer 500", () => {
  // Threat: inputs that crash a layer (and fill the log) instead of being refused with a reason.
  test("a 1,000,000-character password to a server action is 413, garbage is 400", async ({ request, baseURL }) => {
    const headers = { origin: baseURL!, "next-action": loginActionId(), "content-type": "text/plain;charset=UTF-8" };
    const huge = await request.post(`${baseURL}/login`, { headers, data: JSON.stringify([{ email: "a@example.test", password: "x".repeat(1_000_000) }, "$undefined"]) });
    expect(huge.status()).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
    const garbage = await request.post(`${baseURL}/login`, { headers, data: "garbage{{" });
    expect(garbage.status()).toBe(400);
    expect(garbage.headers()["content-type"]).toBe("application/json; charset=utf-8");
    // A form posted before JavaScript loads is a server action to Next.js as well.
    const brokenForm = await request.post(`${baseURL}/login`, { headers: { origin: baseURL!, "content-type": "multipart/form-data; boundary=xx" }, data: "garbage" });
    expect(brokenForm.status()).toBe(400);
  });

  test("TRACE is 405 with Allow, malformed percent-escapes are 400, both as JSON", async ({ request }) => {
    const trace = await request.fetch("/login", { method: "TRACE" });
    expect(trace.status()).toBe(405);
    expect(trace.headers().allow).toContain("GET");
    expect(((await trace.json()) as { error: { code: string } }).error.code).toBe("METHOD_NOT_ALLOWED");
    for (const url of ["/uauth/business-profile/%E0%A4%A", "/invitations/%ZZ"]) {
      const response = await request.get(url);
      expect(response.status(), url).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
    }
  });

  test("two Authorization headers are 400, not whichever one a layer reads", async ({ request, baseURL }) => {
    const token = await userToken(request, makeUser({ name: "Tia Twoheaders" }));
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${baseURL}/uauth/me`);
      req.setHeader("authorization", [`Bearer ${token}`, "Bearer another"]);
      req.on("response", (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(400);
    expect((JSON.parse(body) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
  });
});

test.describe("the API's unknown paths and methods", () => {
  // Threat (to integrators): an HTML page or an empty body where the API promises its JSON errors.
  test("an unknown /uauth, /api or /.well-known path is a JSON 404", async ({ request }) => {
    for (const path of ["/uauth/nope", "/api/nope", "/.well-known/nope"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(404);
      expect(response.headers()["content-type"]).toBe("application/json; charset=utf-8");
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
  });

  test("a wrong method is a JSON 405 with Allow", async ({ request }) => {
    const response = await request.delete("/uauth/me");
    expect(response.status()).toBe(405);
    expect(response.headers().allow).toBe("GET, HEAD, OPTIONS");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("METHOD_NOT_ALLOWED");
    expect((await request.get("/uauth/auth/login/user")).headers().allow).toBe("POST, OPTIONS");
    for (const path of ["/api/health", "/.well-known/jwks.json"]) {
      const response = await request.post(path);
      expect(response.status(), path).toBe(405);
      expect(response.headers().allow).toBe("GET, HEAD, OPTIONS");
    }
  });
});

test.describe("DNS rebinding", () => {
  // Threat: a page on evil.test whose name was made to resolve to 127.0.0.1 signs in to the
  // loopback-only demo with its published landlord password, through the visitor's browser.
  test("a request addressed to another host name is refused with 421 before anything runs", async ({ baseURL }) => {
    const port = new URL(baseURL!).port;
    const send = (path: string, host: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${baseURL}${path}`, { method: init.method ?? "GET", headers: { ...init.headers, host } });
        req.on("response", (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, body }));
        });
        req.on("error", reject);
        req.end(init.body);
      });
    const login = { method: "POST", body: JSON.stringify({ username: "bob@gatehouse.test", password: "bob-demo-password" }), headers: { "content-type": "application/json" } };
    for (const host of [`rebind.evil.test:${port}`, `evil.test:${port}`]) {
      const refused = await send("/uauth/auth/login/user", host, login);
      expect(refused.status, host).toBe(421);
      expect((JSON.parse(refused.body) as { error: { code: string } }).error.code).toBe("MISDIRECTED_REQUEST");
      expect((await send("/login", host)).status).toBe(421);
    }
    expect((await send("/uauth/auth/login/user", `127.0.0.1:${port}`, login)).status).toBe(200);
  });
});
