// A member without MFA is sent to set it up before a workspace that requires it, confirms the
// password, and gets in right after confirming (the set-up code counts as this sign-in's MFA).
import { expect, test } from "@playwright/test";
import { AccountMenu } from "./pages/account-menu.page";
import { LoginPage } from "./pages/login.page";
import { SecuritySettingsPage } from "./pages/security-settings.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser } from "./support/fixtures";
import { currentTotp } from "./support/totp";

test("a member without MFA sets it up from the Globex card and then enters Globex", async ({ page }) => {
  // Each accessibility scan takes seconds in CI; a whole journey needs more than the default 30 s.
  test.slow();
  const user = makeUser({ name: "Bea Builder", memberships: { acme: "member", globex: "member" } });
  await new LoginPage(page).goto();
  await new LoginPage(page).signIn(user.email, user.password);

  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  await workspaces.card("Globex Analytics").getByRole("link", { name: "Set up two-step verification" }).click();

  const settings = new SecuritySettingsPage(page);
  await settings.expectShown();
  // The card links back to the list or (the workspaces change's contract) to Globex itself.
  await expect(page).toHaveURL(/\/settings\/security\?next=%2F(workspaces|w%2Fglobex)$/);
  await expect(page.getByText("Status: off")).toBeVisible();
  // The signed-in browser alone cannot begin set-up: the password comes first.
  await expect(page.getByRole("button", { name: "Set up two-step verification" })).toHaveCount(0);
  await expect(settings.passwordStep()).toBeVisible();
  await expectAccessible(page);
  await settings.confirmPassword(user.password);

  await settings.startSetup();
  const key = await settings.manualKey();
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(page);
  await settings.confirm(await currentTotp(key));

  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeFocused();
  await expect(settings.recoveryCodes()).toHaveCount(10);
  await expect(settings.recoveryCodes().first()).toHaveText(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  await expect(page.getByRole("button", { name: "Download .txt" })).toBeVisible();
  await expectAccessible(page);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download .txt" }).click();
  expect((await download).suggestedFilename()).toBe("gatehouse-recovery-codes.txt");

  // Continuing from here is the next test's; back on the list, Globex now lets the member in.
  await page.goto("/workspaces");
  await workspaces.expectShown();
  await expect(workspaces.card("Globex Analytics").getByRole("link", { name: "Set up two-step verification" })).toHaveCount(0);
  await workspaces.enter("Globex Analytics");

  const home = new WorkspaceHomePage(page);
  await home.expectShown("globex", "Globex Analytics");
  await expect(home.fact("E-mail")).toHaveText(user.email);
  await expectAccessible(page);

  // Back on the settings page, MFA is on and the codes are not shown again.
  await new AccountMenu(page).goTo("Security");
  await settings.expectShown();
  await expect(page.getByText("Status: on")).toBeVisible();
  await expect(page.getByText("You have 10 unused recovery codes.", { exact: false })).toBeVisible();
  await expect(settings.recoveryCodes()).toHaveCount(0);
  await expectAccessible(page);
});

test("sent to set up MFA for Globex, a member is told which workspace asks for it and continues straight into it", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Gil Globexbound", memberships: { acme: "member", globex: "member" } });
  await new LoginPage(page).goto();
  await new LoginPage(page).signIn(user.email, user.password);
  await new WorkspacesPage(page).expectShown();
  const settings = new SecuritySettingsPage(page);

  // Threat: naming workspaces through the link. A workspace the user is not in is not named.
  await page.goto("/settings/security?next=%2Fw%2Fumbrella");
  await settings.expectShown();
  await expect(page.getByText("requires two-step verification", { exact: false })).toHaveCount(0);
  await expect(page.getByText("Umbrella", { exact: false })).toHaveCount(0);

  // The link a workspace that requires MFA gives (app/ui/requirements.tsx).
  await page.goto("/settings/security?next=%2Fw%2Fglobex");
  await settings.expectShown();
  await expect(page.getByText("Globex Analytics requires two-step verification. Set it up to continue.")).toBeVisible();
  await expectAccessible(page);
  await settings.confirmPassword(user.password);
  await settings.startSetup();
  await settings.confirm(await currentTotp(await settings.manualKey()));

  await expect(settings.recoveryCodes()).toHaveCount(10);
  await settings.expectOn();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Continue to Globex Analytics" }).click();
  const home = new WorkspaceHomePage(page);
  await home.expectShown("globex", "Globex Analytics");
  await expect(home.fact("E-mail")).toHaveText(user.email);
});
