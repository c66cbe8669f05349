// Issue 7's whole journey in Chromium, one person per browser: the landlord creates a workspace in
// the console; its superuser takes the invitation from the mailbox (the server's sender delivers
// it), sets a password, enters the workspace, makes a role and invites a member with it; the
// member joins the same way and sees exactly that role's permissions, and no settings.
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { AdminConsolePage } from "./pages/admin.page";
import { InvitationPage } from "./pages/invitation.page";
import { MailboxPage } from "./pages/mailbox.page";
import { MembersSettingsPage, RolesSettingsPage } from "./pages/workspace-settings.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUser } from "./support/fixtures";
import { signInWithTotp } from "./support/sign-in";

/** In a browser of their own: the invitation e-mail, a password, the workspace list, the workspace. */
async function joinFromMailbox(browser: Browser, subject: string, workspace: { name: string; subdomain: string }, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const mailbox = new MailboxPage(page);
  await mailbox.goto();
  await mailbox.open(subject);
  await mailbox.link(/\/invitations\/[\w-]+$/).click();
  const invitation = new InvitationPage(page);
  await invitation.expectWorkspace(workspace.name);
  await expectAccessible(page);
  await invitation.choose(password);
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  await expectAccessible(page);
  await workspaces.enter(workspace.name);
  await new WorkspaceHomePage(page).expectShown(workspace.subdomain, workspace.name);
  return page;
}

test("landlord → new workspace → e-mail → superuser sets a password → invites a member with a role → the member has exactly that role", async ({ page, browser }) => {
  // Three people, two e-mails delivered by the server's sender, and an accessibility scan per page.
  test.setTimeout(240_000);
  const stamp = randomBytes(4).toString("hex");
  const workspace = { name: `Globex ${stamp}`, subdomain: `globex-${stamp}` };
  const superuserEmail = `boss-${stamp}@e2e.gatehouse.test`;
  const memberEmail = `field-${stamp}@e2e.gatehouse.test`;

  // The landlord, signed in with TOTP, lands on the console and creates the workspace.
  const landlord = makeUser({ name: "Olga Operator", mfa: true, landlord: true });
  await signInWithTotp(page, landlord);
  await page.waitForURL(/\/admin$/);
  const admin = new AdminConsolePage(page);
  await admin.expectShown("Workspaces");
  await page.getByRole("link", { name: "New workspace" }).click();
  await admin.expectShown("New workspace");
  await admin.createWorkspace({ ...workspace, superuserEmail });
  await page.waitForURL(/\/admin\/workspaces\/[0-9a-f-]{36}\?created=1$/);
  await admin.expectShown(workspace.name);

  // The superuser joins from the e-mail and makes a role of their own.
  const boss = await joinFromMailbox(browser, `Olga Operator invited you to ${workspace.name} on Gatehouse`, workspace, "harbor violet pencil summit");
  const bossHome = new WorkspaceHomePage(boss);
  await expect(bossHome.fact("Role")).toHaveText("Superuser");
  await bossHome.settingsLink().click();
  const members = new MembersSettingsPage(boss);
  await members.expectShown(workspace.subdomain);
  await members.nav().getByRole("link", { name: "Roles" }).click();
  const roles = new RolesSettingsPage(boss);
  await roles.expectShown(workspace.subdomain);
  await roles.create("Field Sales", ["View CRM records", "View ERP records"]);
  await expect(roles.permissions("Field Sales")).toHaveText(["View CRM records ROLE_CRM_SHOW", "View ERP records ROLE_ERP_SHOW"]);

  // …and invites the member with it.
  await roles.nav().getByRole("link", { name: "Members" }).click();
  await members.expectShown(workspace.subdomain);
  await members.invite(memberEmail, "Field Sales");
  await expect(boss.getByRole("status").filter({ hasText: `Invitation sent to ${memberEmail}.` })).toBeVisible();
  await expect(members.invitation(memberEmail)).toContainText("Field Sales");

  // The member joins and holds exactly the role's permissions, with no way into the settings.
  // The superuser has no name yet, so the e-mail names no one (never their address).
  const member = await joinFromMailbox(browser, `A Gatehouse administrator invited you to ${workspace.name} on Gatehouse`, workspace, "copper willow canyon drift");
  const memberHome = new WorkspaceHomePage(member);
  await expect(memberHome.fact("Role")).toHaveText("Field Sales");
  await expect(memberHome.authorities()).toHaveText(["View CRM records", "View ERP records"]);
  await expect(memberHome.settingsLink()).toHaveCount(0);
  await expectAccessible(member);

  // The landlord's console shows the superuser's invitation as accepted.
  await page.reload();
  await expect(admin.row(superuserEmail)).toContainText("Accepted");
});
