// /w/<subdomain>/settings/sessions (issue 8): a superuser of acme sees a member's session inside
// acme and signs it out; the member's browser is sent to sign in on its very next navigation.
// Users of its own (the demo ada's once-only TOTP codes belong to the sign-in journey test).
import { expect, test } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { MembersSettingsPage, SessionsSettingsPage } from "./pages/workspace-settings.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUsers } from "./support/fixtures";

test("a superuser signs a member's session in acme out; the member's next navigation asks them to sign in", async ({ page, browser }) => {
  // Two browsers signing in, and an accessibility scan.
  test.slow();
  const [ada, bob] = makeUsers({ users: [{ name: "Ada Sessions", memberships: { acme: "superuser" } }, { name: "Bob Sessions", memberships: { acme: "member" } }] });
  const bobContext = await browser.newContext();
  const bobPage = await bobContext.newPage();
  try {
    for (const [tab, user] of [
      [page, ada!],
      [bobPage, bob!],
    ] as const) {
      const login = new LoginPage(tab);
      await login.goto();
      await login.signIn(user.email, user.password);
      await new WorkspacesPage(tab).expectShown();
      await new WorkspacesPage(tab).enter("Acme Retail");
      await new WorkspaceHomePage(tab).expectShown("acme", "Acme Retail");
    }

    // From the workspace's settings navigation, shown to holders of ROLE_ADMIN_SESSIONS.
    await new WorkspaceHomePage(page).settingsLink().click();
    await new MembersSettingsPage(page).expectShown("acme");
    const sessions = new SessionsSettingsPage(page);
    await sessions.nav().getByRole("link", { name: "Sessions" }).click();
    await sessions.expectShown("acme");
    await expect(sessions.sessionsOf(ada!.email)).toContainText("This device");
    await expect(sessions.sessionsOf(bob!.email)).toHaveCount(1);
    await expectAccessible(page);

    await sessions.signOut(bob!.name);
    await expect(sessions.sessionsOf(bob!.email)).toHaveCount(0);
    await expect(sessions.sessionsOf(ada!.email)).toHaveCount(1);

    // Bob's browser holds a cookie whose access token has minutes left: the next navigation is refused all the same.
    await bobPage.goto("/w/acme");
    await bobPage.waitForURL(/\/login(\?|$)/);
    await new LoginPage(bobPage).expectShown();

    // The admin's own session goes on.
    await page.reload();
    await sessions.expectShown("acme");
  } finally {
    await bobContext.close();
  }
});
