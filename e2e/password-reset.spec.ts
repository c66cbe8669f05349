// Threat: a forgotten password locking the owner out, or a reset that skips the second factor or
// tells a stranger whether an address has an account. Forgot → /dev/mailbox → the link → a new
// password (a weak one refused at the field) → sign in with it, TOTP still asked.
import { expect, test } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { MailboxPage } from "./pages/mailbox.page";
import { MfaPage } from "./pages/mfa.page";
import { PasswordResetPage } from "./pages/password-reset.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser } from "./support/fixtures";
import { currentTotp } from "./support/totp";

test("forgot password → mailbox → link → new password → sign in with it and the authenticator", async ({ page }) => {
  // A fixture process, the server's sender (every 5 s), argon2 hashing and accessibility audits.
  test.slow();
  const user = makeUser({ name: "Reset Rita", mfa: true });
  const login = new LoginPage(page);
  await login.goto();
  await page.getByRole("link", { name: "Forgot password?" }).click();
  const reset = new PasswordResetPage(page);
  await reset.expectForgotShown();
  await expectAccessible(page);

  // The notice says nothing about whether the account exists.
  await reset.askForLink(user.email);
  await expect(reset.notice()).toHaveText(/If an account exists for that address, we sent it a link/);
  await page.goto("/forgot-password");
  await reset.askForLink(`nobody-${Date.now()}@example.test`);
  await expect(reset.notice()).toHaveText(/If an account exists for that address, we sent it a link/);

  const mailbox = new MailboxPage(page);
  await mailbox.goto();
  await mailbox.open("Reset your Gatehouse password");
  await expect(page.getByText(`To ${user.email}`)).toBeVisible();
  await mailbox.link(/\/reset-password\/[A-Za-z0-9_-]{43}$/).click();
  await reset.expectResetShown();
  await expect(page.getByText(user.email)).toBeVisible();
  await expectAccessible(page);

  await reset.choose("passwordpassword");
  await expect(reset.password()).toHaveAttribute("aria-invalid", "true");
  await expect(reset.password()).toHaveAccessibleDescription(/This is a commonly used password/);

  const passphrase = "harbor quilt meadow falcon";
  await reset.choose(passphrase);
  await page.waitForURL(/\/login\?notice=password-reset$/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText(/Your password was changed/);

  await login.signIn(user.email, user.password);
  await expect(login.error()).toHaveText(/not correct/);
  await login.signIn(user.email, passphrase);
  const mfa = new MfaPage(page);
  await mfa.expectShown();
  await mfa.enterCode(await currentTotp(user.secret!));
  await new WorkspacesPage(page).expectShown();
});

test("a reset link that never existed shows why it cannot be used", async ({ page }) => {
  await page.goto(`/reset-password/${"x".repeat(43)}`);
  await expect(page.getByRole("heading", { level: 1, name: "This link cannot be used" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/forgot-password");
});
