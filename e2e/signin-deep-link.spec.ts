// Bug 6: a link into a workspace, opened signed out, must come back to that workspace after the
// password and the second factor (the callbackUrl survives both steps), and the sign-in page
// says where it leads. Only same-site paths pass (login.spec.ts: a callbackUrl to another site).
import { expect, test } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { MfaPage } from "./pages/mfa.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser } from "./support/fixtures";
import { currentTotp } from "./support/totp";

test("signed out, /w/acme leads through password and TOTP back to /w/acme", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Dee Deeplink", mfa: true, memberships: { acme: "superuser" } });
  await page.goto("/w/acme");
  await page.waitForURL(/\/login\?callbackUrl=%2Fw%2Facme$/);
  const login = new LoginPage(page);
  await login.expectShown();
  await expect(page.getByRole("main")).toContainText("Sign in to continue to /w/acme");
  await expectAccessible(page);
  await login.signIn(user.email, user.password);

  const mfa = new MfaPage(page);
  await mfa.expectShown();
  await expect(page).toHaveURL(/callbackUrl=%2Fw%2Facme/);
  await expect(page.getByRole("main")).toContainText("Then you continue to /w/acme.");
  await expectAccessible(page);
  await mfa.enterCode(await currentTotp(user.secret!));
  // The workspaces page enters the workspace itself on the main branch; either is the way back.
  await page.waitForURL((url) => url.pathname === "/w/acme" || (url.pathname === "/workspaces" && url.search.includes("callbackUrl=%2Fw%2Facme")));
  await expectAccessible(page);
});
