// The silent refresh of app/ui/session-keeper.tsx, with the browser's clock run forward instead
// of waiting ten minutes: the tokens are rotated a minute before the access token expires, and a
// session that has ended sends the page to sign-in.
import { expect, test, type Page } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { makeUser, revokeSessions, type FixtureUser } from "./support/fixtures";

async function signIn(page: Page, user: FixtureUser): Promise<void> {
  await page.clock.install();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user.email, user.password);
  await new WorkspacesPage(page).expectShown();
}

test("the page refreshes its tokens a minute before the access token expires", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Kip Keeper", memberships: { acme: "member" } });
  await signIn(page, user);

  // Access tokens live 10 minutes; the keeper asks at 9.
  const refreshed = page.waitForResponse((response) => response.url().endsWith("/auth/refresh") && response.request().method() === "POST");
  await page.clock.fastForward("09:05");
  const response = await refreshed;
  expect(response.status()).toBe(200);
  const { expiresAt } = (await response.json()) as { expiresAt: number };
  expect(expiresAt).toBeGreaterThan(Date.now() + 9 * 60_000);
  // The rotated tokens are in the cookie: the next page still works.
  await page.reload();
  await new WorkspacesPage(page).expectShown();
});

test("a session ended elsewhere sends the page to sign-in", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Rae Revoked", memberships: { acme: "member" } });
  await signIn(page, user);

  // An administrator ends the session; the keeper's next refresh is answered 401.
  revokeSessions(user.id);
  const refused = page.waitForResponse((response) => response.url().endsWith("/auth/refresh") && response.request().method() === "POST");
  await page.clock.fastForward("09:05");
  expect((await refused).status()).toBe(401);
  // The cookie still looks signed in to middleware, so /login leads back through /workspaces to
  // /auth/refresh, whose refusal clears it and says why (issue 6: the session ended).
  await page.waitForURL(/\/login\?callbackUrl=%2Fworkspaces&notice=session-ended$/);
  await new LoginPage(page).expectShown();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Your session has ended. Sign in again to continue.");
});
