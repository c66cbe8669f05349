// /settings/security: nothing that changes the second factor without the password confirmed in
// this sign-in, a set-up belongs to the sign-in that began it, and turning MFA on ends every
// other sign-in. Each test has its own user and spends at most one TOTP code (sign-ins use
// recovery codes), so no test waits for the next time step.
import { expect, test, type Page } from "@playwright/test";
import { AccountMenu } from "./pages/account-menu.page";
import { LoginPage } from "./pages/login.page";
import { MfaPage } from "./pages/mfa.page";
import { RecoveryCodesPage } from "./pages/recovery-codes.page";
import { SecuritySettingsPage } from "./pages/security-settings.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser, type FixtureUser } from "./support/fixtures";
import { openRecoveryCodeStep } from "./support/sign-in";
import { currentTotp } from "./support/totp";

async function signIn(page: Page, user: FixtureUser): Promise<void> {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user.email, user.password);
  await new WorkspacesPage(page).expectShown();
}

async function signInWithRecoveryCode(page: Page, user: FixtureUser, code: string): Promise<void> {
  const mfa = await openRecoveryCodeStep(page, user);
  await mfa.enterRecoveryCode(code);
  await continuePastCodesLeft(page);
}

/** A recovery-code sign-in stops at the count of codes left, then continues. */
async function continuePastCodesLeft(page: Page): Promise<void> {
  const codesLeft = new RecoveryCodesPage(page);
  await codesLeft.expectShown();
  await codesLeft.continue();
  await new WorkspacesPage(page).expectShown();
}

async function openSecurity(page: Page): Promise<SecuritySettingsPage> {
  await new AccountMenu(page).goTo("Security");
  const settings = new SecuritySettingsPage(page);
  await settings.expectShown();
  return settings;
}

test("a set-up is shown and confirmed only in the sign-in that began it, and turning MFA on ends the other sign-in", async ({ page, browser }) => {
  test.slow();
  const user = makeUser({ name: "Tess Twosessions", memberships: { globex: "member" } });
  // A second sign-in with the same password: another browser, or someone else who has it.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  try {
    await signIn(page, user);
    await signIn(other, user);
    const mine = await openSecurity(page);
    await mine.confirmPassword(user.password);
    await mine.startSetup();
    const firstKey = await mine.manualKey();

    const theirs = await openSecurity(other);
    await theirs.expectStartedElsewhere();
    await expectAccessible(other);
    await theirs.confirmPassword(user.password);
    await theirs.startAgainHere();
    expect(await theirs.manualKey()).not.toBe(firstKey);

    // The first page still shows the key it was given; that set-up was replaced, so its code is
    // refused, and the page, drawn again, no longer shows a key.
    await mine.confirm(await currentTotp(firstKey));
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Set-up was started in another session. Start again here.");
    await page.reload();
    await mine.expectStartedElsewhere();
    await mine.startAgainHere();
    await mine.confirm(await currentTotp(await mine.manualKey()));
    await expect(mine.recoveryCodes()).toHaveCount(10);
    const recoveryCode = (await mine.recoveryCodes().first().innerText()).trim();

    // The other sign-in had only the password: it has ended, and signing in again asks for the
    // second factor.
    await other.reload();
    await other.waitForURL(/\/login(\?|$)/);
    await new LoginPage(other).expectShown();
    await signInWithRecoveryCode(other, user, recoveryCode);
    await new WorkspacesPage(other).enter("Globex Analytics");
    await new WorkspaceHomePage(other).expectShown("globex", "Globex Analytics");
  } finally {
    await otherContext.close();
  }
});

test("new recovery codes replace the old ones", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Reggie Regenerate", mfa: true, memberships: { acme: "member" } });
  await signInWithRecoveryCode(page, user, user.recoveryCodes[0]!);
  const settings = await openSecurity(page);
  await expect(page.getByText("Status: on")).toBeVisible();
  await expect(page.getByText("You have 9 unused recovery codes.", { exact: false })).toBeVisible();
  await settings.confirmPassword(user.password);
  await expectAccessible(page);

  const section = page.getByRole("region", { name: "Recovery codes" });
  await section.getByRole("textbox", { name: "Code to create new recovery codes" }).fill(await currentTotp(user.secret!));
  await section.getByRole("button", { name: "Create new recovery codes" }).click();
  const fresh = section.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(fresh).toHaveCount(10);
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeFocused();
  const newCode = (await fresh.nth(2).innerText()).trim();
  await expectAccessible(page);
  await section.getByRole("button", { name: "I have saved my codes" }).click();
  await expect(page.getByText("You have 10 unused recovery codes.", { exact: false })).toBeVisible();
  // Saved means put away: shown once, the codes leave the page.
  await expect(settings.recoveryCodes()).toHaveCount(0);

  await new AccountMenu(page).signOut();
  await page.waitForURL(/\/login\?notice=signed-out$/);
  const login = new LoginPage(page);
  await login.signIn(user.email, user.password);
  const mfa = new MfaPage(page);
  await mfa.expectShown();
  await mfa.switchToRecoveryCode();
  await mfa.enterRecoveryCode(user.recoveryCodes[1]!);
  await expect(page.getByText(/That code is not correct or was already used\. \d attempts? left\./)).toBeVisible();
  await mfa.enterRecoveryCode(newCode);
  await continuePastCodesLeft(page);
});

test("turning MFA off needs the password confirmed and a current code, and signs out everywhere", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Otto Off", mfa: true, memberships: { acme: "member" } });
  await signInWithRecoveryCode(page, user, user.recoveryCodes[0]!);
  const settings = await openSecurity(page);

  // Threat: a signed-in browser in someone else's hands. Nothing here changes the factor until
  // the password is given, and a wrong one is refused next to its field.
  const section = page.getByRole("region", { name: "Turn off two-step verification" });
  await expect(section.getByRole("button", { name: "Turn off two-step verification" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Create new recovery codes" })).toHaveCount(0);
  await settings.submitPassword("not my password, sorry");
  await expect(settings.passwordStep().getByText("That password is not correct.")).toBeVisible();
  await expect(settings.passwordStep().getByLabel("Your password")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  await settings.confirmPassword(user.password);
  await section.getByRole("textbox", { name: "Code to turn off two-step verification" }).fill(await currentTotp(user.secret!));
  await section.getByRole("button", { name: "Turn off two-step verification" }).click();
  await page.waitForURL(/\/login\?notice=mfa-disabled$/);
  await expect(page.getByRole("status")).toContainText("Two-step verification is off");

  const login = new LoginPage(page);
  await login.signIn(user.email, user.password);
  await new WorkspacesPage(page).expectShown();
});

test("once set-up succeeds the page shows two-step verification on at once: no key, no restart, the recovery codes once", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Ona Atonce" });
  await signIn(page, user);
  const settings = await openSecurity(page);
  await settings.confirmPassword(user.password);
  await settings.startSetup();
  await settings.confirm(await currentTotp(await settings.manualKey()));

  // Threat to trust, not data: a page that says "on" and "being set up" at once, and offers a
  // restart that then fails, leaves the person unsure whether the factor is on.
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Two-step verification is on." })).toBeVisible();
  await settings.expectOn();
  await expect(settings.recoveryCodes()).toHaveCount(10);
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeFocused();
  await expect(page.getByText("You have 10 unused recovery codes.", { exact: false })).toBeVisible();
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);

  // Saved: the codes leave the page, which stays as it is (nothing to reload).
  await page.getByRole("button", { name: "I have saved my codes" }).click();
  await expect(settings.recoveryCodes()).toHaveCount(0);
  await settings.expectOn();
});

test("the two code fields say what each is for", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Lena Labels", mfa: true });
  await signInWithRecoveryCode(page, user, user.recoveryCodes[0]!);
  const settings = await openSecurity(page);
  await settings.confirmPassword(user.password);

  await expect(page.getByLabel("Code to create new recovery codes")).toHaveCount(1);
  await expect(page.getByLabel("Code to turn off two-step verification")).toHaveCount(1);
  await expect(settings.recoveryCodesSection().getByLabel("Code to create new recovery codes")).toHaveCount(1);
  await expect(settings.turnOffSection().getByLabel("Code to turn off two-step verification")).toHaveCount(1);
  await expect(page.getByLabel("Current code from your authenticator app")).toHaveCount(0);
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);
});

test("a code spent a moment ago is refused with the advice to wait for the next one", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Rita Replay", mfa: true });
  await signInWithRecoveryCode(page, user, user.recoveryCodes[0]!);
  const settings = await openSecurity(page);
  await settings.confirmPassword(user.password);

  // One code, twice within its time step: new recovery codes take it, turning off is refused
  // (the replay guard, RFC 6238 §5.2), and the person is told why and what to do.
  const code = await currentTotp(user.secret!);
  await settings.createRecoveryCodes(code);
  await expect(settings.recoveryCodes()).toHaveCount(10);

  await settings.turnOff(code);
  await expect(settings.turnOffSection().getByText("This code was just used. Wait for the next code in your authenticator app (up to 30 s) and try again.")).toBeVisible();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByText("Status: on")).toBeVisible();
  await expectAccessible(page);
});
