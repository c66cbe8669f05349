// The password step: errors keep what was typed, and callbackUrl brings a person back only to
// a page of Gatehouse itself (threat: open redirect to a phishing site after sign-in).
import { expect, test } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser } from "./support/fixtures";

test("a wrong password shows an error and keeps the e-mail", async ({ page }) => {
  // Each accessibility scan takes seconds in CI; a whole journey needs more than the default 30 s.
  test.slow();
  const user = makeUser({ name: "Will Wrong", memberships: { acme: "member" } });
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user.email, "not the password at all");
  await expect(login.error()).toHaveText("The e-mail address or password is not correct.");
  await expect(login.email()).toHaveValue(user.email);
  await expect(page).toHaveURL(/\/login$/);
  await expectAccessible(page);
});

test("a workspace page without a session goes to sign-in and back there afterwards", async ({ page }) => {
  // Each accessibility scan takes seconds in CI; a whole journey needs more than the default 30 s.
  test.slow();
  const user = makeUser({ name: "Cal Callback", memberships: { acme: "member" } });
  await page.goto("/w/acme");
  await page.waitForURL(/\/login\?callbackUrl=%2Fw%2Facme$/);
  const login = new LoginPage(page);
  await login.expectShown();
  await login.signIn(user.email, user.password);

  // Signed in, but not yet in a workspace: /workspaces?callbackUrl=/w/acme enters Acme by itself.
  await new WorkspaceHomePage(page).expectShown("acme", "Acme Retail");
});

test("a callbackUrl to another site is ignored", async ({ page, baseURL }) => {
  // Each accessibility scan takes seconds in CI; a whole journey needs more than the default 30 s.
  test.slow();
  const user = makeUser({ name: "Eve Elsewhere", memberships: { acme: "member" } });
  const login = new LoginPage(page);
  await login.goto("https://evil.example/steal");
  await login.signIn(user.email, user.password);
  await new WorkspacesPage(page).expectShown();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  expect(page.url()).not.toContain("evil.example");
  await expectAccessible(page);
});
