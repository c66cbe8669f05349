// The invitation page from each place a person can stand: a new address sets a password (with a
// strength hint while typing) and is signed in; an existing account signs in as itself and joins,
// its password untouched; someone signed in as another account is asked to sign out first; a dead
// link says only that. A workspace that requires MFA has its new superuser set up TOTP and save
// recovery codes before entering.
import { expect, test, type Page } from "@playwright/test";
import { AccountMenu } from "./pages/account-menu.page";
import { InvitationPage } from "./pages/invitation.page";
import { LoginPage } from "./pages/login.page";
import { MfaPage } from "./pages/mfa.page";
import { SecuritySettingsPage } from "./pages/security-settings.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeWorkspaceInvitations } from "./support/fixtures";
import { currentTotp } from "./support/totp";

const PASSPHRASE = "tangerine lamp cobalt ferry";

/** A workspace name no other test uses. */
const workspaceName = (base: string) => `${base} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** Enters the workspace from its card and lands on its home page. */
async function enterWorkspace(page: Page, name: string): Promise<void> {
  await new WorkspacesPage(page).enter(name);
  await page.waitForURL(/\/w\/e2e-[0-9a-f]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("a new person sees who invited them where, gets a strength hint while typing, sets a password and is signed in", async ({ page }) => {
  test.slow();
  const name = workspaceName("Initech Payroll");
  const { invitations } = makeWorkspaceInvitations({ users: [], workspaceInvitations: [{ workspaceName: name, inviterName: "Ada Admin", name: "Nora Newcomer" }] });
  const link = invitations[0]!;
  // Whether the script holding the policy's dictionaries has arrived (its word lists are named in it).
  let dictionariesLoaded = false;
  page.on("response", async (response) => {
    if (/\/_next\/static\/chunks\/.+\.js$/.test(response.url()) && (await response.text()).includes("diceware")) dictionariesLoaded = true;
  });
  const invitation = new InvitationPage(page);
  await invitation.goto(link.path);
  await invitation.expectWorkspace(name);
  await page.waitForLoadState("networkidle");
  expect(dictionariesLoaded, "the dictionaries load with the first keystroke, not with the page").toBe(false);
  await expect(invitation.main()).toContainText(`Ada Admin invited ${link.email} to the workspace ${name} on Gatehouse.`);
  await expect(invitation.main()).toContainText(/This link expires on \d{1,2} \w+ \d{4}/);
  await expect(invitation.main()).not.toContainText("inviter-");
  await expectAccessible(page);

  // The hint follows each keystroke, with the server's own rule (loaded on the first one).
  await invitation.password().pressSequentially("passwordpassword");
  await expect(invitation.strength()).toHaveText("Strength: very weak. This is a commonly used password, found in lists of leaked ones. Try four or five unrelated words.");
  await expect.poll(() => dictionariesLoaded).toBe(true);
  await expectAccessible(page);
  await invitation.password().fill("initech tangerine lamp ferry");
  await expect(invitation.strength()).toHaveText("Do not use the workspace's name in your password.");
  await invitation.password().fill(PASSPHRASE);
  await expect(invitation.strength()).toHaveText("Strength: strong. This password can be used.");

  // The server refuses what the hint refused, at the field.
  await invitation.choose("initech tangerine lamp ferry");
  await expect(invitation.password()).toHaveAccessibleDescription(/Do not use the workspace's name in your password\./);

  await invitation.choose(PASSPHRASE);
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  await expect(page.getByText(`Signed in as ${link.email}.`)).toBeVisible();
  await expect(workspaces.card(name)).toContainText("Superuser");
  await expectAccessible(page);
  await enterWorkspace(page, name);

  // Used once: the same link is dead now, and says nothing about whom it was for.
  await page.goto(link.path);
  await invitation.expectDead();
  expect(await page.title()).toBe("Invitation not valid · Gatehouse");
  await expect(invitation.main()).not.toContainText("@");
});

test("an existing account signs in as itself, passes MFA, and joins without its password changing", async ({ page }) => {
  test.slow();
  const name = workspaceName("Hooli Search");
  const { users, invitations } = makeWorkspaceInvitations({ users: [{ name: "Eve Existing", mfa: true }], workspaceInvitations: [{ workspaceName: name, inviterName: "Ada Admin", existingUser: 0 }] });
  const [user, link] = [users[0]!, invitations[0]!];
  const invitation = new InvitationPage(page);
  await invitation.goto(link.path);
  await invitation.expectWorkspace(name);
  // No password form for an address that has an account.
  await expect(invitation.password()).toHaveCount(0);
  await expectAccessible(page);
  await invitation.main().getByRole("link", { name: `Sign in as ${user.email} to join ${name}` }).click();

  const login = new LoginPage(page);
  await login.expectShown();
  await login.signIn(user.email, user.password);
  const mfa = new MfaPage(page);
  await mfa.expectShown();
  await mfa.enterCode(await currentTotp(user.secret!));

  await invitation.expectWorkspace(name);
  await expect(invitation.main()).toContainText(`You are signed in as ${user.email}.`);
  await expectAccessible(page);
  await invitation.main().getByRole("button", { name: `Join ${name}` }).click();
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  await expect(workspaces.card(name)).toContainText("Superuser");
  await enterWorkspace(page, name);

  // Signed out and back in with the password it always had.
  await new AccountMenu(page).signOut();
  await login.expectShown();
  await login.signIn(user.email, user.password);
  await mfa.expectShown();
});

test("signed in as someone else: both addresses, a Sign out that brings the invitation back, and nothing joined", async ({ page }) => {
  test.slow();
  const name = workspaceName("Pied Piper");
  const { users, invitations } = makeWorkspaceInvitations({
    users: [{ name: "Olga Owner" }, { name: "Sam Someone" }],
    workspaceInvitations: [{ workspaceName: name, inviterName: "Ada Admin", existingUser: 0 }],
  });
  const [owner, someone, link] = [users[0]!, users[1]!, invitations[0]!];
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(someone.email, someone.password);
  await new WorkspacesPage(page).expectShown();

  const invitation = new InvitationPage(page);
  await invitation.goto(link.path);
  await expect(invitation.main()).toContainText(`You are signed in as ${someone.email}; this invitation is for ${owner.email}.`);
  await expect(invitation.main().getByRole("button", { name: /^Join/ })).toHaveCount(0);
  await expect(invitation.password()).toHaveCount(0);
  await expectAccessible(page);

  await invitation.signOut().click();
  await page.waitForURL(new RegExp(`${link.path}$`));
  await expect(invitation.main().getByRole("link", { name: `Sign in as ${owner.email} to join ${name}` })).toBeVisible();

  // The other account joined nothing.
  await login.goto();
  await login.signIn(someone.email, someone.password);
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  await expect(workspaces.card(name)).toHaveCount(0);
});

test("an unknown link gets the one dead-link page", async ({ page }) => {
  const invitation = new InvitationPage(page);
  await page.goto(`/invitations/${"x".repeat(43)}`);
  await invitation.expectDead();
  // The tab says what the page says, not what a usable link would offer.
  expect(await page.title()).toBe("Invitation not valid · Gatehouse");
  await expect(invitation.main()).not.toContainText("@");
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page);
});

test("a workspace that requires MFA: password, then TOTP set-up with recovery codes, then the workspace", async ({ page }) => {
  test.slow();
  const name = workspaceName("Vault Holdings");
  const { invitations } = makeWorkspaceInvitations({ users: [], workspaceInvitations: [{ workspaceName: name, inviterName: "Ada Admin", mfaRequired: true, name: "Mia Mfa" }] });
  const link = invitations[0]!;
  const invitation = new InvitationPage(page);
  await invitation.goto(link.path);
  await invitation.expectWorkspace(name);
  await expect(invitation.main()).toContainText(`${name} requires two-step verification`);
  await invitation.choose(PASSPHRASE);

  // Signed in, but the workspace will not let the new superuser in yet.
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  const card = workspaces.card(name);
  await expect(card).toContainText("You cannot enter yet.");
  await expect(card.getByRole("button", { name: /^Enter/ })).toHaveCount(0);
  await expectAccessible(page);
  await card.getByRole("link", { name: "Set up two-step verification" }).click();

  // The password was typed a moment ago: the set-up starts without asking for it again.
  const settings = new SecuritySettingsPage(page);
  await settings.expectShown();
  await expect(settings.passwordStep()).toHaveCount(0);
  await settings.startSetup();
  await expectAccessible(page);
  await settings.confirm(await currentTotp(await settings.manualKey()));
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeFocused();
  await expect(settings.recoveryCodes()).toHaveCount(10);
  await expectAccessible(page);
  await page.getByRole("button", { name: `Continue to ${name}` }).click();

  // The set-up continues into the workspace that asked for it.
  await page.waitForURL(/\/w\/e2e-[0-9a-f]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expectAccessible(page);
});
