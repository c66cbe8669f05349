// /workspaces in compact rows: last used first, the current one marked, and for a workspace one
// cannot enter the reason with the way forward (set up MFA and come back into that workspace).
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeWorkspaceWithUsers } from "./support/fixtures";

test("the list shows compact rows, last used first, the current one marked, on a desktop and a phone", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 800 });
  const subdomain = `zephyr-${randomBytes(4).toString("hex")}`;
  const zephyr = `Zephyr ${subdomain}`;
  const [user] = makeWorkspaceWithUsers({ subdomain, name: zephyr }, [{ name: "Rae Rows", memberships: { acme: "member", globex: "member", [subdomain]: "member" } }]);
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user!.email, user!.password);

  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  // Never entered: by name.
  await expect(workspaces.rowNames()).toHaveText(["Acme Retail", "Globex Analytics", zephyr]);
  const row = await workspaces.card("Acme Retail").boundingBox();
  expect(row!.height).toBeLessThanOrEqual(90);
  // Globex needs MFA this account lacks: the way forward comes back into Globex.
  const globex = workspaces.card("Globex Analytics");
  await expect(globex.getByRole("link", { name: "Set up two-step verification" })).toHaveAttribute("href", "/settings/security?next=%2Fw%2Fglobex");
  await expect(globex.getByRole("button", { name: /^Enter/ })).toHaveCount(0);
  await expectAccessible(page);

  await workspaces.enter(zephyr);
  await new WorkspaceHomePage(page).expectShown(subdomain, zephyr);
  await page.goto("/workspaces");
  await expect(workspaces.rowNames()).toHaveText([zephyr, "Acme Retail", "Globex Analytics"]);
  const current = workspaces.card(zephyr);
  await expect(current).toHaveAttribute("aria-current", "true");
  await expect(current).toContainText("Current");
  await expect(current.getByRole("link", { name: `Continue in ${zephyr}` })).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);
});
