// Bug 6 (the workspace half): a signed-in person who opens a workspace page is sent to
// /workspaces?callbackUrl=…; allowed, they are entered and land there (a server action, never a
// GET with side effects); refused, the page names the workspace and says why, without telling an
// outsider whether it exists.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser, makeWorkspaceWithUsers, suspendWorkspace } from "./support/fixtures";
import { signInWithTotp } from "./support/sign-in";

const LIKE_ADA = { mfa: true, memberships: { acme: "superuser", globex: "analyst", umbrella: "member" } };

test("a deep link into a workspace one may enter enters it and lands there", async ({ page }) => {
  test.slow();
  await signInWithTotp(page, makeUser({ name: "Dee Link", ...LIKE_ADA }));
  await new WorkspacesPage(page).expectShown();
  await page.goto("/w/acme");
  await new WorkspaceHomePage(page).expectShown("acme", "Acme Retail");
});

// Threat: probing subdomains: a workspace that does not exist and one of another tenant read alike.
test("a deep link into a workspace one is not a member of names it and says so, as for one that does not exist", async ({ page }) => {
  test.slow();
  const user = makeUser({ name: "Bo Outsider", memberships: { acme: "member", globex: "member" } });
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user.email, user.password);
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();

  await page.goto("/w/umbrella");
  await workspaces.expectShown();
  await expect(workspaces.deepLinkRefusal()).toHaveText("You can't enter “umbrella”: it does not exist or you are not a member.");
  await expectAccessible(page);
  await page.goto("/w/no-such-workspace");
  await expect(workspaces.deepLinkRefusal()).toHaveText("You can't enter “no-such-workspace”: it does not exist or you are not a member.");
  await expect(page).toHaveURL(/\/workspaces\?callbackUrl=%2Fw%2Fno-such-workspace$/);
});

test("a deep link into a workspace whose policy refuses names it and explains the policy", async ({ page }) => {
  test.slow();
  await signInWithTotp(page, makeUser({ name: "Ivy Office", ...LIKE_ADA }));
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  await page.goto("/w/umbrella");
  await workspaces.expectShown();
  const refusal = workspaces.deepLinkRefusal();
  await expect(refusal).toContainText("You can't enter Umbrella Labs");
  await expect(refusal).toContainText("Your workspace admin allows access only from the office network or VPN.");
  await expect(refusal).toContainText("contact your admin");
  await refusal.getByText("Technical details").click();
  await expect(refusal.getByText("10.0.0.0/8")).toBeVisible();
  await expectAccessible(page);
});

test("a deep link into a suspended workspace names it and gives the operator's reason", async ({ page }) => {
  test.slow();
  const subdomain = `halt-${randomBytes(4).toString("hex")}`;
  const name = `Halted ${subdomain}`;
  const [user] = makeWorkspaceWithUsers({ subdomain, name }, [{ name: "Sid Suspended", memberships: { [subdomain]: "member", acme: "member" } }]);
  suspendWorkspace(subdomain, "Unpaid invoices.");
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user!.email, user!.password);
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  await page.goto(`/w/${subdomain}`);
  await workspaces.expectShown();
  await expect(workspaces.deepLinkRefusal()).toContainText(`You can't enter ${name}.`);
  await expect(workspaces.deepLinkRefusal()).toContainText("Unavailable. Suspended by the platform operator: Unpaid invoices.");
});
