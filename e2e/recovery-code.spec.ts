// Threat: a recovery code replayed. Each one signs in once; the second use is refused and the
// attempts left are shown.
import { expect, test } from "@playwright/test";
import { AccountMenu } from "./pages/account-menu.page";
import { LoginPage } from "./pages/login.page";
import { MfaPage } from "./pages/mfa.page";
import { RecoveryCodesPage } from "./pages/recovery-codes.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser } from "./support/fixtures";

test("a recovery code signs in once and is refused the second time", async ({ page }) => {
  // Each accessibility scan takes seconds in CI; a whole journey needs more than the default 30 s.
  test.slow();
  const user = makeUser({ name: "Rex Recovery", mfa: true, memberships: { acme: "member" } });
  const code = user.recoveryCodes[3]!;
  const login = new LoginPage(page);
  const mfa = new MfaPage(page);
  const recoveryCodes = new RecoveryCodesPage(page);
  const workspaces = new WorkspacesPage(page);

  await login.goto();
  await login.signIn(user.email, user.password);
  await mfa.expectShown();
  await mfa.switchToRecoveryCode();
  await expectAccessible(page);
  await mfa.enterRecoveryCode(code.toUpperCase());
  await recoveryCodes.expectShown();
  await recoveryCodes.continue();
  await workspaces.expectShown();

  await new AccountMenu(page).signOut();
  await page.waitForURL(/\/login\?notice=signed-out$/);

  await login.signIn(user.email, user.password);
  await mfa.expectShown();
  await mfa.switchToRecoveryCode();
  await mfa.enterRecoveryCode(code);
  await expect(page.getByText("That code is not correct or was already used. 4 attempts left.")).toBeVisible();
  await expect(mfa.recoveryCode()).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/login\/mfa/);
  await expectAccessible(page);

  // Another unused code still works.
  await mfa.recoveryCode().fill(user.recoveryCodes[4]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await recoveryCodes.expectShown();
  await recoveryCodes.continue();
  await workspaces.expectShown();
});
