// Threat: a member of a suspended workspace working on in a tab that is already open. The
// suspension ends their session; their next navigation (or the page's own refresh) lands on the
// sign-in page with the operator's reason, and the workspace list shows it as unavailable.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspaceSwitcher, WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeWorkspaceWithUsers, suspendWorkspace, type FixtureUser } from "./support/fixtures";

const REASON = "Unpaid invoices since March.";

/** A workspace of this test's own (suspending a demo one would stop the other tests) and a member of it and of Acme, working inside it. */
async function memberInside(page: Page, name: string): Promise<{ user: FixtureUser; subdomain: string; workspace: string }> {
  const subdomain = `halt-${randomBytes(4).toString("hex")}`;
  const workspace = `Halted ${subdomain}`;
  const [user] = makeWorkspaceWithUsers({ subdomain, name: workspace }, [{ name, memberships: { [subdomain]: "member", acme: "member" } }]);
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user!.email, user!.password);
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  await workspaces.enter(workspace);
  await new WorkspaceHomePage(page).expectShown(subdomain, workspace);
  return { user: user!, subdomain, workspace };
}

async function expectToldWhy(page: Page, workspace: string): Promise<void> {
  await page.waitForURL(/\/login\?notice=workspace-suspended&ref=/);
  await new LoginPage(page).expectShown();
  const notice = page.getByRole("main").getByRole("alert");
  await expect(notice).toContainText(`${workspace} was suspended by the platform operator: ${REASON}`);
  await expect(notice).toContainText("You were signed out. Sign in again to use your other workspaces.");
}

test("the next navigation after a suspension signs the member out with the reason; the list shows the workspace unavailable", async ({ page }) => {
  // Each accessibility scan takes seconds in CI; a whole journey needs more than the default 30 s.
  test.slow();
  const { user, subdomain, workspace } = await memberInside(page, "Sam Suspended");

  suspendWorkspace(subdomain, REASON);
  await page.reload();
  await expectToldWhy(page, workspace);
  await expectAccessible(page);

  // The reason comes from the sealed reference alone: words put in the URL are never shown.
  await page.goto("/login?notice=workspace-suspended&ref=Call%20us%20at%20555");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Your workspace was suspended by the platform operator, and you were signed out. Sign in again to use your other workspaces.");

  const login = new LoginPage(page);
  await login.signIn(user.email, user.password);
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  const card = workspaces.card(workspace);
  await expect(card).toContainText("Suspended");
  await expect(card).toContainText(`Unavailable. Suspended by the platform operator: ${REASON}`);
  await expect(card.getByRole("button", { name: /^Enter/ })).toHaveCount(0);
  await expectAccessible(page);

  // The member's other workspace is open, and its switcher marks the suspended one as such.
  await workspaces.enter("Acme Retail");
  const home = new WorkspaceHomePage(page);
  await home.expectShown("acme", "Acme Retail");
  const switcher = new WorkspaceSwitcher(page);
  await switcher.open();
  await expect(switcher.option(workspace)).toContainText("Suspended");
});

test("an open page's own refresh after a suspension leads to the same notice", async ({ page }) => {
  test.slow();
  await page.clock.install();
  const { subdomain, workspace } = await memberInside(page, "Tia Timer");

  suspendWorkspace(subdomain, REASON);
  // The page refreshes its tokens a minute before the access token's 10 minutes are up.
  const refused = page.waitForResponse((response) => response.url().endsWith("/auth/refresh") && response.request().method() === "POST");
  await page.clock.fastForward("09:05");
  expect((await refused).status()).toBe(403);
  await expectToldWhy(page, workspace);
});
