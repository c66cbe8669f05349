// Threat: a guessable first password. The set-password link refuses a common password and one
// built from the address, and says why next to the field; a passphrase is accepted.
import { expect, test } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { SetPasswordPage } from "./pages/set-password.page";
import { SecuritySettingsPage } from "./pages/security-settings.page";
import { expectAccessible } from "./support/accessibility";
import { makeSetPasswordLink } from "./support/fixtures";

test("a set-password link refuses weak passwords with the reason at the field, then accepts a passphrase", async ({ page }) => {
  test.slow();
  const link = makeSetPasswordLink("Wendy Weak");
  const setPassword = new SetPasswordPage(page);
  await setPassword.goto(link.path);
  await expect(page.getByText("Not a common password, and not your e-mail address.", { exact: false })).toBeVisible();

  await setPassword.choose("passwordpassword");
  await expect(setPassword.password()).toHaveAttribute("aria-invalid", "true");
  await expect(setPassword.password()).toHaveAccessibleDescription(/This is a commonly used password, found in lists of leaked ones\. Try four or five unrelated words\./);
  await expectAccessible(page);

  await setPassword.choose(`${link.email.split("@")[0]} is my password`);
  await expect(setPassword.password()).toHaveAccessibleDescription(/Do not use your e-mail address or a name in it\./);

  // Signed in with the new password straight away. The link is a landlord admin's (npm run
  // admin:create's kind): their console needs MFA, so it is set up first.
  await setPassword.choose("tangerine lamp cobalt ferry");
  await new SecuritySettingsPage(page).expectShown();
  await expect(page).toHaveURL(/\/settings\/security\?next=%2Fadmin$/);
});

test("the sign-in page says so when a password was set but the sign-in was left to the person", async ({ page }) => {
  await page.goto("/login?notice=password-set");
  await new LoginPage(page).expectShown();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Your password is set — sign in.");
});
