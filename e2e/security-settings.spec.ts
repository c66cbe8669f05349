// /settings/security and the step-up on /workspaces. Each test has its own user and spends at
// most one TOTP code (sign-ins use recovery codes), so no test waits for the next time step.
import { expect, test, type Page } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { MfaPage } from "./pages/mfa.page";
import { SecuritySettingsPage } from "./pages/security-settings.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { enableMfa, makeUser, type FixtureUser } from "./support/fixtures";
import { currentTotp } from "./support/totp";

async function signInWithRecoveryCode(page: Page, user: FixtureUser, code: string): Promise<void> {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user.email, user.password);
  const mfa = new MfaPage(page);
  await mfa.expectShown();
  await mfa.switchToRecoveryCode();
  await mfa.enterRecoveryCode(code);
  await new WorkspacesPage(page).expectShown();
}

async function openSecurity(page: Page): Promise<SecuritySettingsPage> {
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Security" }).click();
  const settings = new SecuritySettingsPage(page);
  await settings.expectShown();
  return settings;
}

test("a sign-in from before MFA was set up confirms with the authenticator to enter Globex", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Stella Stepup", memberships: { globex: "member" } });
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user.email, user.password);
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  await expect(workspaces.card("Globex Analytics").getByRole("link", { name: "Set up two-step verification" })).toBeVisible();

  // MFA is turned on from another device while this sign-in is still open.
  const { secret } = enableMfa(user.id);
  await page.reload();
  await workspaces.expectShown();
  await expect(workspaces.card("Globex Analytics")).toContainText("Confirm with your authenticator.");
  const stepUp = page.getByRole("region", { name: "Confirm with your authenticator" });
  await expect(stepUp).toBeVisible();
  await expectAccessible(page);

  await stepUp.getByRole("textbox", { name: "Authentication code" }).fill(await currentTotp(secret));
  await expect(page.getByRole("status").filter({ hasText: "Confirmed with your authenticator." })).toBeVisible();
  await expect(page).toHaveURL(/\/workspaces\?mfa=confirmed$/);
  await expect(stepUp).toHaveCount(0);
  await expectAccessible(page);
  await workspaces.enter("Globex Analytics");
  await new WorkspaceHomePage(page).expectShown("globex", "Globex Analytics");
});

test("new recovery codes replace the old ones", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Reggie Regenerate", mfa: true, memberships: { acme: "member" } });
  await signInWithRecoveryCode(page, user, user.recoveryCodes[0]!);
  await openSecurity(page);
  await expect(page.getByText("Status: on")).toBeVisible();
  await expect(page.getByText("You have 9 unused recovery codes.", { exact: false })).toBeVisible();
  await expectAccessible(page);

  const section = page.getByRole("region", { name: "Recovery codes" });
  await section.getByRole("textbox", { name: "Current code from your authenticator app" }).fill(await currentTotp(user.secret!));
  await section.getByRole("button", { name: "Create new recovery codes" }).click();
  const fresh = section.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(fresh).toHaveCount(10);
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeFocused();
  const newCode = (await fresh.nth(2).innerText()).trim();
  await expectAccessible(page);
  await section.getByRole("button", { name: "I have saved my codes" }).click();
  await expect(page.getByText("You have 10 unused recovery codes.", { exact: false })).toBeVisible();

  await page.getByRole("navigation", { name: "Account" }).getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login\?notice=signed-out$/);
  const login = new LoginPage(page);
  await login.signIn(user.email, user.password);
  const mfa = new MfaPage(page);
  await mfa.expectShown();
  await mfa.switchToRecoveryCode();
  await mfa.enterRecoveryCode(user.recoveryCodes[1]!);
  await expect(page.getByText(/That code is not correct or was already used\. \d attempt\(s\) left\./)).toBeVisible();
  await mfa.enterRecoveryCode(newCode);
  await new WorkspacesPage(page).expectShown();
});

test("turning MFA off needs the password and a current code, and signs out everywhere", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Otto Off", mfa: true, memberships: { acme: "member" } });
  await signInWithRecoveryCode(page, user, user.recoveryCodes[0]!);
  await openSecurity(page);

  const section = page.getByRole("region", { name: "Turn off two-step verification" });
  const code = await currentTotp(user.secret!);
  await section.getByLabel("Your password").fill("not my password, sorry");
  await section.getByRole("textbox", { name: "Current code from your authenticator app" }).fill(code);
  await section.getByRole("button", { name: "Turn off two-step verification" }).click();
  await expect(section.getByRole("alert")).toHaveText("The password or the code is not correct.");
  await expectAccessible(page);

  // The wrong password did not spend the code: it still works with the right one.
  await section.getByLabel("Your password").fill(user.password);
  await section.getByRole("textbox", { name: "Current code from your authenticator app" }).fill(code);
  await section.getByRole("button", { name: "Turn off two-step verification" }).click();
  await page.waitForURL(/\/login\?notice=mfa-disabled$/);
  await expect(page.getByRole("status")).toContainText("Two-step verification is off");

  const login = new LoginPage(page);
  await login.signIn(user.email, user.password);
  await new WorkspacesPage(page).expectShown();
});
