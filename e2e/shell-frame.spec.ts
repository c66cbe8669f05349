// The site frame every page shares: the header's brand mark and account menu, the workspace
// home's cards, and the pages for an unknown address.
import { expect, test, type Page } from "@playwright/test";
import { AccountMenu } from "./pages/account-menu.page";
import { LoginPage } from "./pages/login.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser, type FixtureUser } from "./support/fixtures";
import { wordsBrokenInside } from "./support/page-layout";
import { signInWithTotp } from "./support/sign-in";

async function signIn(page: Page, user: FixtureUser): Promise<void> {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user.email, user.password);
  await new WorkspacesPage(page).expectShown();
}

async function enterAcme(page: Page): Promise<WorkspaceHomePage> {
  await new WorkspacesPage(page).enter("Acme Retail");
  const home = new WorkspaceHomePage(page);
  await home.expectShown("acme", "Acme Retail");
  return home;
}

// Bug 5: "⛩" is an emoji; where no emoji font is installed the header showed an empty box.
test("the header's brand mark is an SVG drawing, not a character a font may lack", async ({ page }) => {
  await page.goto("/");
  const brand = page.getByRole("banner").getByRole("link", { name: "Gatehouse" });
  await expect(brand).toHaveText("Gatehouse");
  await expect(brand.locator("svg")).toHaveAttribute("aria-hidden", "true");
  await expect(page.getByRole("banner")).not.toContainText("⛩");
});

// Bug 2: at 1280 px the facts' values broke inside words ("Optiona/l") and the second card sat lower.
test("the workspace home's cards line up at 1280 px and no fact breaks inside a word", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 800 });
  // A short name, so the fixture's e-mail fits its line: an address longer than a line does
  // break (overflow-wrap), and only then.
  await signIn(page, makeUser({ name: "Wren", memberships: { acme: "member" } }));
  await enterAcme(page);

  const you = await page.getByRole("region", { name: "You", exact: true }).boundingBox();
  const about = await page.getByRole("region", { name: "About this workspace" }).boundingBox();
  expect.soft(about!.y).toBe(you!.y);
  expect.soft(await wordsBrokenInside(page, "dl.facts dt, dl.facts dd")).toEqual([]);
});

test("the workspace home names authorities by what they allow, with the codes on request", async ({ page }) => {
  test.slow();
  await signIn(page, makeUser({ name: "Cody Codes", memberships: { acme: "member" } }));
  const home = await enterAcme(page);
  await expect(home.authorities()).toHaveText(["View analytics", "Edit CRM records", "View CRM records", "View ERP records"]);
  await expect(home.authorityCodes()).toBeHidden();
  await home.showAuthorityCodes();
  await expect(home.authorityCodes()).toHaveText(["ROLE_ANALYTICS_SHOW", "ROLE_CRM_EDIT", "ROLE_CRM_SHOW", "ROLE_ERP_SHOW"]);
  await expectAccessible(page);
});

// Bug 4: an unknown address showed Next.js's unstyled default, titled "Gatehouse", with no way back.
test("an unknown address inside the app answers a styled 404 page with ways back", async ({ page }) => {
  test.slow();
  await signIn(page, makeUser({ name: "Nell Nowhere", memberships: { acme: "member" } }));
  const response = await page.goto("/workspaces/does-not-exist");
  expect(response!.status()).toBe(404);
  await expect(page).toHaveTitle("Page not found · Gatehouse");
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expect(main.getByRole("link", { name: "Workspaces" })).toHaveAttribute("href", "/workspaces");
  await expect(main.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/login");
  await expectAccessible(page);

  // Inside a workspace too.
  await page.goto("/workspaces");
  await enterAcme(page);
  expect((await page.goto("/w/acme/no-such-page"))!.status()).toBe(404);
  await expect(page).toHaveTitle("Page not found · Gatehouse");
});

test("the account menu opens from the person's name, lists their places and closes with Escape", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Mina Menu", memberships: { acme: "member" } });
  await signIn(page, user);
  const menu = new AccountMenu(page);
  await expect(menu.button()).toHaveText(/Mina Menu/);
  await expect(menu.button()).toHaveAttribute("aria-expanded", "false");
  await expect(menu.link("Security")).toBeHidden();

  await menu.button().focus();
  await page.keyboard.press("Enter");
  await expect(menu.button()).toHaveAttribute("aria-expanded", "true");
  await expect(menu.nav()).toContainText(user.email);
  for (const [name, href] of [["Workspaces", "/workspaces"], ["Security", "/settings/security"], ["Sessions", "/settings/sessions"]] as const) {
    await expect(menu.link(name)).toHaveAttribute("href", href);
  }
  await expect(menu.link("Admin console")).toHaveCount(0);
  await expect(menu.nav().getByRole("button", { name: "Sign out" })).toBeVisible();
  await expectAccessible(page);

  await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  await expect(menu.button()).toHaveAttribute("aria-expanded", "false");
  await expect(menu.button()).toBeFocused();
  await expect(menu.link("Security")).toBeHidden();

  await menu.goTo("Sessions");
  await page.waitForURL(/\/settings\/sessions$/);
  await expect(menu.button()).toHaveAttribute("aria-expanded", "false");

  await menu.signOut();
  await page.waitForURL(/\/login\?notice=signed-out$/);
  await expect(menu.nav()).toHaveCount(0);
});

test("a landlord's account menu offers the admin console", async ({ page }) => {
  test.slow();
  await signInWithTotp(page, makeUser({ name: "Lena Landlord", mfa: true, landlord: true }));
  await page.waitForURL(/\/admin$/);
  const menu = new AccountMenu(page);
  await menu.open();
  await expect(menu.link("Admin console")).toHaveAttribute("href", "/admin");
});

test("on a phone the header stays one slim row", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, makeUser({ name: "Philippa Long-Named Phone-User", memberships: { acme: "member" } }));
  await enterAcme(page);
  const header = await page.getByRole("banner").boundingBox();
  expect(header!.height).toBeLessThanOrEqual(64);
  const menu = new AccountMenu(page);
  await menu.open();
  const panel = await menu.link("Security").boundingBox();
  expect(panel!.x).toBeGreaterThanOrEqual(0);
  expect(panel!.x + panel!.width).toBeLessThanOrEqual(390);
  await expectAccessible(page);
});
