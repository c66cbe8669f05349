// /settings/sessions (issue 8): a user sees where they are signed in and signs another browser out;
// that browser's next navigation is refused and lands on /login, whatever its token's lifetime left.
import { expect, test } from "@playwright/test";
import { AccountMenu } from "./pages/account-menu.page";
import { LoginPage } from "./pages/login.page";
import { SessionsPage } from "./pages/sessions.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser } from "./support/fixtures";

test("signing out another session from the sessions page ends it on its next request", async ({ page, browser }) => {
  test.slow(); // two sign-ins, the page's accessibility check and a third navigation
  const user = makeUser({ name: "Sid Sessions", memberships: { acme: "member" } });
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  try {
    for (const tab of [page, other]) {
      const login = new LoginPage(tab);
      await login.goto();
      await login.signIn(user.email, user.password);
      await new WorkspacesPage(tab).expectShown();
    }

    await new AccountMenu(page).goTo("Sessions");
    const sessions = new SessionsPage(page);
    await sessions.expectShown();
    await expect(sessions.rows()).toHaveCount(2);
    await expect(sessions.currentRow()).toHaveCount(1);
    await expect(sessions.currentRow().getByRole("button", { name: "Sign out", exact: true })).toHaveCount(0);
    await expectAccessible(page);

    await sessions.signOutOther();
    await expect(sessions.rows()).toHaveCount(1);
    await expect(page.getByText("This is your only session.")).toBeVisible();

    await other.goto("/workspaces");
    await other.waitForURL(/\/login(\?|$)/);
    await new LoginPage(other).expectShown();

    // This browser is still signed in.
    await page.reload();
    await sessions.expectShown();
    await expect(sessions.currentRow()).toHaveCount(1);
  } finally {
    await otherContext.close();
  }
});
