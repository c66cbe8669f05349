// A workspace superuser keeps the workspace's settings: the name (shown in the header at once),
// the token policy within its bounds, and an allow-list that would lock them out, which is
// refused until they confirm it, after which their own next request is refused and says why.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspaceSettingsPage } from "./pages/workspace-settings.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUsers } from "./support/fixtures";

test("a superuser renames the workspace, sets a token policy and locks themselves out only when they confirm it", async ({ page }) => {
  test.slow();
  // A workspace of its own: the demo workspaces are shared by the other tests.
  const subdomain = `settings-${randomBytes(4).toString("hex")}`;
  const [owner] = makeUsers({ workspaces: [{ name: "Lantern Works", subdomain }], users: [{ name: "Sol Settings", memberships: { [subdomain]: "superuser" } }] });
  await new LoginPage(page).goto();
  await new LoginPage(page).signIn(owner!.email, owner!.password);
  await new WorkspacesPage(page).expectShown();
  await new WorkspacesPage(page).enter("Lantern Works");
  const home = new WorkspaceHomePage(page);
  await home.expectShown(subdomain, "Lantern Works");

  const settings = new WorkspaceSettingsPage(page);
  await settings.goto(subdomain);
  await expect(settings.name()).toHaveValue("Lantern Works");
  await expect(page.getByText("Access tokens: 1–10 minutes.")).toBeVisible();
  await expectAccessible(page);

  // Above the bound: refused at the field, the input kept.
  await settings.name().fill("Lantern Works Ltd");
  await settings.accessTokenMinutes().fill("11");
  await settings.save();
  await expect(settings.fieldError(settings.accessTokenMinutes())).toHaveText("Use at most 10 minutes: the bound set for this workspace.");
  await expect(settings.accessTokenMinutes()).toHaveValue("11");
  await settings.accessTokenMinutes().fill("3");
  await settings.sessionHours().fill("8");
  await settings.save();
  await settings.expectSaved();
  await expect(home.bar()).toContainText("Lantern Works Ltd");

  // An allow-list without the browser's own address (loopback) is refused until confirmed.
  await settings.ipRestricted().check();
  await settings.allowlist().fill("10.0.0.0/8");
  await settings.save();
  await expect(settings.lockoutWarning()).toContainText(/Your address, (127\.0\.0\.1|::1), is outside this allow-list: saving it locks you out of this workspace at once\./);
  await expectAccessible(page);
  await settings.lockoutWarning().getByRole("button", { name: "Turn it on anyway" }).click();

  // Saved: the very next request is refused, and the workspace list says why.
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("You cannot work in that workspace right now: its security policy is not met.");
  const card = workspaces.card("Lantern Works Ltd");
  await expect(card).toContainText("You cannot enter yet.");
  await card.getByText("Technical details").click();
  await expect(card.getByText("10.0.0.0/8")).toBeVisible();
  await expectAccessible(page);
});
