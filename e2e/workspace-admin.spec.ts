// Workspace administration in the browser: a superuser makes a role, invites a newcomer with it
// by e-mail, and the newcomer joins and sees exactly that role's permissions; role changes and
// removal reach them on their next request. A member without admin authorities can neither open
// the settings nor call their server actions by hand, and the last superuser stays one.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { InvitationPage } from "./pages/invitation.page";
import { MailboxPage } from "./pages/mailbox.page";
import { MembersSettingsPage, RolesSettingsPage } from "./pages/workspace-settings.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUsers, type FixtureUser } from "./support/fixtures";

/** A fresh workspace for one test, with one superuser (no MFA: the workspace does not require it). */
function workspaceWithSuperuser(label: string): { name: string; subdomain: string; superuser: FixtureUser } {
  const suffix = randomBytes(4).toString("hex");
  const workspace = { name: `${label} ${suffix}`, subdomain: `${label.toLowerCase().replace(/\W+/g, "-")}-${suffix}` };
  const [superuser] = makeUsers({ workspaces: [workspace], users: [{ name: "Sam Super", memberships: { [workspace.subdomain]: "superuser" } }] });
  return { ...workspace, superuser: superuser! };
}

async function signInAndEnter(page: Page, email: string, password: string, workspace: { name: string; subdomain: string }): Promise<WorkspaceHomePage> {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  await workspaces.enter(workspace.name);
  const home = new WorkspaceHomePage(page);
  await home.expectShown(workspace.subdomain, workspace.name);
  return home;
}

/** A server action's id in this build, so a hand-made request reaches Next's own decoder. */
function actionId(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(import.meta.dirname, "../.next/server/server-reference-manifest.json"), "utf8")) as { node: Record<string, { exportedName?: string }> };
  return Object.entries(manifest.node).find(([, action]) => action.exportedName === name)![0];
}

/** Calls a server action the way the page's JavaScript would, with the context's cookie; the raw RSC answer. */
async function callAction(request: APIRequestContext, baseURL: string, pagePath: string, name: string, args: unknown[]): Promise<string> {
  const response = await request.post(`${baseURL}${pagePath}`, {
    headers: { origin: baseURL, "next-action": actionId(name), "content-type": "text/plain;charset=UTF-8" },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  expect(response.status(), name).toBe(200);
  return response.text();
}

test("a superuser creates a role and invites with it; the newcomer sees exactly its permissions, then a role change and removal reach them", async ({ page, browser, baseURL }) => {
  // Two people, an e-mail delivered by the server's sender and a dozen accessibility scans.
  test.setTimeout(240_000);
  const workspace = workspaceWithSuperuser("Admin Journey");
  const inviteeEmail = `newcomer-${randomBytes(5).toString("hex")}@e2e.gatehouse.test`;

  const home = await signInAndEnter(page, workspace.superuser.email, workspace.superuser.password, workspace);
  await home.settingsLink().click();
  // /settings opens the first section the superuser may use.
  const members = new MembersSettingsPage(page);
  await members.expectShown(workspace.subdomain);
  await expect(members.nav().getByRole("link")).toHaveText(["Members", "Roles", "API keys", "Workspace", "Sessions"]);
  await expectAccessible(page);

  // Roles: a new workspace comes with an unused "Analyst" template; it goes, and our own takes its name and key.
  await members.nav().getByRole("link", { name: "Roles" }).click();
  const roles = new RolesSettingsPage(page);
  await roles.expectShown(workspace.subdomain);
  await expect(roles.role("Superuser")).toContainText("Built-in roles cannot be changed or deleted.");
  await expect(roles.role("Superuser").getByRole("button")).toHaveCount(0);
  await expectAccessible(page);
  await roles.delete("Analyst");
  await expect(roles.role("Analyst")).toHaveCount(0);
  await roles.create("Analyst", ["View CRM records", "View analytics"]);
  await expect(page.getByRole("status").filter({ hasText: "Role “Analyst” created." })).toBeVisible();
  await expect(roles.permissions("Analyst")).toHaveText(["View analytics ROLE_ANALYTICS_SHOW", "View CRM records ROLE_CRM_SHOW"]);
  await expect(roles.role("Analyst")).toContainText("analyst");
  await expectAccessible(page);

  // Members: invite the newcomer as Analyst; a second invitation of the same address is refused at the field.
  await roles.nav().getByRole("link", { name: "Members" }).click();
  await members.expectShown(workspace.subdomain);
  // No role is chosen for the inviter (the first in the list is Superuser).
  await members.invite(inviteeEmail, "Choose a role");
  await expect(members.inviteForm().getByRole("combobox", { name: "Role" })).toHaveAccessibleDescription("Choose a role.");
  await members.invite(inviteeEmail, "Analyst");
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${inviteeEmail}.` })).toBeVisible();
  await expect(members.invitation(inviteeEmail)).toContainText("Analyst");
  await members.invite(inviteeEmail, "Analyst");
  await expect(members.inviteForm().getByRole("textbox", { name: "E-mail" })).toHaveAccessibleDescription("Already invited.");
  await expectAccessible(page);

  // The open invitation holds the role: it cannot be deleted, and the refusal says why.
  await members.nav().getByRole("link", { name: "Roles" }).click();
  await roles.expectShown(workspace.subdomain);
  await roles.delete("Analyst");
  await expect(roles.role("Analyst").getByRole("alert")).toHaveText("This role is in use: give its members and open invitations another role first.");

  // The newcomer, in a browser of their own: the e-mail, the password, the sign-in, the workspace.
  const newcomer = await browser.newContext();
  const invitee = await newcomer.newPage();
  const mailbox = new MailboxPage(invitee);
  await mailbox.goto();
  await mailbox.open(`Sam Super invited you to ${workspace.name} on Gatehouse`);
  await expect(invitee.getByText(`To ${inviteeEmail}`)).toBeVisible();
  await mailbox.link(/\/invitations\/[\w-]+$/).click();
  const invitation = new InvitationPage(invitee);
  await invitation.expectWorkspace(workspace.name);
  // Signed in with the new password straight away.
  await invitation.choose("quartz meadow lantern orbit");
  const inviteeWorkspaces = new WorkspacesPage(invitee);
  await inviteeWorkspaces.expectShown();
  await inviteeWorkspaces.enter(workspace.name);
  const inviteeHome = new WorkspaceHomePage(invitee);
  await inviteeHome.expectShown(workspace.subdomain, workspace.name);
  await expect(inviteeHome.fact("Role")).toHaveText("Analyst");
  await expect(inviteeHome.authorities()).toHaveText(["View analytics", "View CRM records"]);
  await expect(inviteeHome.settingsLink()).toHaveCount(0);
  await expectAccessible(invitee);

  // No admin authority: every settings page is refused like any page the role does not allow.
  for (const section of ["", "/members", "/roles"]) {
    await invitee.goto(`/w/${workspace.subdomain}/settings${section}`);
    await new WorkspacesPage(invitee).expectShown();
    await expect(invitee).toHaveURL(/\?denied=FORBIDDEN$/);
    await expect(invitee.getByRole("main").getByRole("alert")).toHaveText("Your role does not allow that page. Ask a workspace admin if you need it.");
  }
  // Threat: a member calls the settings' server actions by hand; the data layer refuses each one.
  const membersPath = `/w/${workspace.subdomain}/settings/members`;
  const rolesPath = `/w/${workspace.subdomain}/settings/roles`;
  const superuserId = workspace.superuser.id;
  for (const [pagePath, name, args] of [
    [membersPath, "inviteMemberAction", [{ email: "friend@e2e.gatehouse.test", roleId: 1 }]],
    [membersPath, "changeMemberRoleAction", [superuserId, { roleId: 1 }]],
    [membersPath, "removeMemberAction", [superuserId]],
    [rolesPath, "createRoleAction", [{ key: "self-made", name: "Self-made", authorities: ["ROLE_ADMIN_ROLES"] }]],
    [rolesPath, "updateRoleAction", [1, { authorities: ["ROLE_ADMIN_ROLES"] }]],
    [rolesPath, "deleteRoleAction", [1]],
  ] as const) {
    expect(await callAction(newcomer.request, baseURL!, pagePath, name, [...args]), name).toContain('"code":"FORBIDDEN"');
  }

  // The superuser adds a permission to Analyst: the newcomer's next page shows it.
  await roles.addPermissions("Analyst", ["View ERP records"]);
  await expect(roles.role("Analyst").getByRole("status")).toHaveText("Saved. Members with this role get the change on their next request.");
  await expect(roles.permissions("Analyst")).toHaveText(["View analytics ROLE_ANALYTICS_SHOW", "View CRM records ROLE_CRM_SHOW", "View ERP records ROLE_ERP_SHOW"]);
  await invitee.goto(`/w/${workspace.subdomain}`);
  await expect(inviteeHome.authorities()).toHaveText(["View analytics", "View CRM records", "View ERP records"]);

  // The superuser gives the newcomer the Member role: their next page shows its permissions.
  await roles.nav().getByRole("link", { name: "Members" }).click();
  await members.expectShown(workspace.subdomain);
  await expect(members.invitation(inviteeEmail)).toHaveCount(0);
  await expect(members.member(inviteeEmail)).toContainText("Analyst");
  await members.changeRole(inviteeEmail, "Member");
  await expect(members.member(inviteeEmail).getByRole("status")).toHaveText("Role changed. It applies from their next request.");
  await invitee.goto(`/w/${workspace.subdomain}`);
  await expect(inviteeHome.fact("Role")).toHaveText("Member");
  await expect(inviteeHome.authorities()).toHaveText(["View analytics", "Edit CRM records", "View CRM records", "View ERP records"]);

  // Removed: the confirmation says what happens, and the newcomer's next request is refused.
  const confirmation = await members.remove(inviteeEmail);
  await expect(confirmation).toContainText("Their sessions in this workspace end on their next request.");
  await confirmation.getByRole("button", { name: "Yes, remove" }).click();
  await expect(members.member(inviteeEmail)).toHaveCount(0);
  await invitee.goto(`/w/${workspace.subdomain}`);
  await new WorkspacesPage(invitee).expectShown();
  await expect(invitee).toHaveURL(/\?denied=NOT_A_MEMBER$/);
  await expect(invitee.getByRole("main").getByRole("alert")).toHaveText("You are not a member of that workspace. Ask one of its admins to invite you.");
  await newcomer.close();

  // Nobody holds Analyst any more: now it can be deleted.
  await members.nav().getByRole("link", { name: "Roles" }).click();
  await roles.expectShown(workspace.subdomain);
  await roles.delete("Analyst");
  await expect(roles.role("Analyst")).toHaveCount(0);
});

test("the last superuser is told why they can be neither demoted nor removed, and the server refuses it anyway", async ({ page, baseURL }) => {
  test.slow();
  const workspace = workspaceWithSuperuser("Last Super");
  await signInAndEnter(page, workspace.superuser.email, workspace.superuser.password, workspace);
  const members = new MembersSettingsPage(page);
  await members.goto(workspace.subdomain);
  const self = members.member(workspace.superuser.email);
  await expect(self).toContainText("Superuser");
  await expect(self).toContainText("You");
  await expect(self).toContainText("The last superuser: they can be neither demoted nor removed. Make someone else superuser first.");
  await expect(self.getByRole("combobox")).toHaveCount(0);
  await expect(self.getByRole("button")).toHaveCount(0);
  await expectAccessible(page);

  // Threat: the hidden controls are bypassed by calling the actions directly.
  const memberRole = await members.roleId("Member");
  const membersPath = `/w/${workspace.subdomain}/settings/members`;
  const refusal = "The workspace's last superuser can be neither demoted nor removed: make someone else superuser first.";
  for (const [name, args] of [
    ["changeMemberRoleAction", [workspace.superuser.id, { roleId: memberRole }]],
    ["removeMemberAction", [workspace.superuser.id]],
  ] as const) {
    const answer = await callAction(page.request, baseURL!, membersPath, name, [...args]);
    expect(answer, name).toContain('"code":"CONFLICT"');
    expect(answer, name).toContain(refusal);
  }
  await page.reload();
  await expect(members.member(workspace.superuser.email)).toContainText("Superuser");
});
