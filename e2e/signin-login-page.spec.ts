// The password step's page: a show-password toggle that loses neither what was typed nor the
// caret, the way to a password reset, and `/` as a redirect to the step a person is at.
import { expect, test } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser } from "./support/fixtures";

test("the password can be shown and hidden again, keeping its value and the caret", async ({ page }) => {
  test.slow();
  const login = new LoginPage(page);
  await login.goto();
  const toggle = login.showPassword();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(login.password()).toHaveAttribute("type", "password");

  await login.password().fill("correct horse battery");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(login.password()).toHaveAttribute("type", "text");
  await expect(login.password()).toHaveValue("correct horse battery");
  await expect(login.password()).toBeFocused();

  // From the keyboard the toggle keeps the focus it was given.
  await toggle.focus();
  await page.keyboard.press("Space");
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(login.password()).toHaveAttribute("type", "password");
  await expect(toggle).toBeFocused();
  await expect(login.password()).toHaveValue("correct horse battery");

  // The primary action spans the form; a forgotten password has its own way in.
  const submit = page.getByRole("button", { name: "Sign in" });
  const [button, form] = await Promise.all([submit.boundingBox(), page.locator("form").boundingBox()]);
  expect(Math.round(button!.width)).toBe(Math.round(form!.width));
  await expect(page.getByRole("link", { name: "Forgot password?" })).toHaveAttribute("href", "/forgot-password");
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);
  // The theme follows the system's; the toggle and the button use its variables only.
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page);
});

test("/ redirects to sign-in when signed out and to the workspaces when signed in", async ({ page }) => {
  test.slow();
  const signedOut = await page.request.get("/", { maxRedirects: 0 });
  expect([303, 307, 308]).toContain(signedOut.status());
  expect(signedOut.headers().location).toMatch(/^(https?:\/\/[^/]+)?\/login$/);

  const user = makeUser({ name: "Hal Home", memberships: { acme: "member" } });
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user.email, user.password);
  await new WorkspacesPage(page).expectShown();
  await page.goto("/");
  await new WorkspacesPage(page).expectShown();
});
