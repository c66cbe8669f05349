// Threat: entering an IP-restricted workspace from outside its allow-list. The row explains the
// refusal, and the server refuses the selection itself (the switcher tries it).
import { expect, test } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { MfaPage } from "./pages/mfa.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser } from "./support/fixtures";
import { currentTotp } from "./support/totp";

test("a member with TOTP is refused Umbrella from outside 10.0.0.0/8, with the reason", async ({ page }) => {
  // Each accessibility scan takes seconds in CI; a whole journey needs more than the default 30 s.
  test.slow();
  const user = makeUser({ name: "Uma Umbrella", mfa: true, memberships: { acme: "member", umbrella: "member" } });
  await new LoginPage(page).goto();
  await new LoginPage(page).signIn(user.email, user.password);
  const mfa = new MfaPage(page);
  await mfa.expectShown();
  await mfa.enterCode(await currentTotp(user.secret!));

  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  const umbrella = workspaces.card("Umbrella Labs");
  await expect(umbrella).toContainText("IP restricted");
  await expect(umbrella).toContainText("Your workspace admin allows access only from the office network or VPN.");
  await expect(umbrella).toContainText("contact your admin");
  // The ranges and the address are technical detail, folded away until asked for.
  await expect(umbrella.getByText("10.0.0.0/8")).toBeHidden();
  await umbrella.getByText("Technical details").click();
  await expect(umbrella.getByText("10.0.0.0/8")).toBeVisible();
  // The browser connects over the loopback interface.
  await expect(umbrella).toContainText(/Your address: (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/);
  await expect(umbrella.getByRole("button", { name: /^Enter/ })).toHaveCount(0);
  await expectAccessible(page);

  // The switcher offers Umbrella, marked; the server refuses it and says why, in the same words.
  await workspaces.enter("Acme Retail");
  const home = new WorkspaceHomePage(page);
  await home.expectShown("acme", "Acme Retail");
  await home.switchTo("Umbrella Labs");
  await expect(home.bar().getByRole("alert")).toContainText("Your workspace admin allows access only from the office network or VPN.");
  await expect(page).toHaveURL(/\/w\/acme$/);
  await expectAccessible(page);
});
