// The HTTP edge as a browser meets it on a host name other than APP_URL's default (127.0.0.1
// instead of localhost): redirects, origins and the client address.
import { expect, test, type Page } from "@playwright/test";
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
