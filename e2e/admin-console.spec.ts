// The landlord console in Chromium: a landlord with TOTP lands on /admin after sign-in, onboards
// a workspace and follows its invitation through the mailbox, a resend (the old link dies) and a
// revocation; ends a user's sessions and resets their MFA; filters the audit log and downloads it
// as CSV. Tenants get 404 for the console; a landlord without TOTP sets it up first.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { AccountMenu } from "./pages/account-menu.page";
import { AdminConsolePage } from "./pages/admin.page";
import { LoginPage } from "./pages/login.page";
import { MailboxPage } from "./pages/mailbox.page";
import { SecuritySettingsPage } from "./pages/security-settings.page";
import { expectAccessible } from "./support/accessibility";
import { signInWithTotp } from "./support/sign-in";
import { makeUser } from "./support/fixtures";
import { currentTotp } from "./support/totp";

test("a landlord lands on the console, creates a workspace, and resends and revokes its invitation", async ({ page }) => {
  test.slow();
  const landlord = makeUser({ name: "Lara Landlord", mfa: true, landlord: true });
  await signInWithTotp(page, landlord);
  await page.waitForURL(/\/admin$/);
  const admin = new AdminConsolePage(page);
  await admin.expectShown("Workspaces");
  const accountMenu = new AccountMenu(page);
  await accountMenu.open();
  await expect(accountMenu.link("Admin console")).toBeVisible();
  await expectAccessible(page);
  await accountMenu.close();

  await page.getByRole("link", { name: "New workspace" }).click();
  await admin.expectShown("New workspace");
  const stamp = Date.now().toString(36);
  const spec = { name: `Onboarded ${stamp}`, subdomain: `onboarded-${stamp}`, superuserEmail: `boss-${stamp}@e2e.gatehouse.test` };
  // A refusal shows at its field and keeps what was typed.
  await admin.createWorkspace({ ...spec, subdomain: "Not a subdomain!" }, { expectCreated: false });
  await expect(page.getByText("Use lower-case letters, digits and hyphens", { exact: false })).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(spec.name);
  await page.getByLabel("Allowed networks", { exact: true }).fill("10.0.0.0/8\n\n192.168.0.0/16");
  await expectAccessible(page);
  await admin.createWorkspace(spec);

  await page.waitForURL(/\/admin\/workspaces\/[0-9a-f-]{36}\?created=1$/);
  const workspaceUrl = page.url().replace(/\?.*$/, "");
  await admin.expectShown(spec.name);
  await expect(page.getByRole("status").filter({ hasText: "The workspace is created" })).toBeVisible();
  await expect(page.getByLabel("Allowed networks", { exact: true })).toHaveValue("10.0.0.0/8\n192.168.0.0/16");
  await expect(admin.row(spec.superuserEmail).getByText(/^(Queued|Sent)$/)).toBeVisible();
  await expectAccessible(page);

  const mailbox = new MailboxPage(page);
  await mailbox.goto();
  await mailbox.open(`Lara Landlord invited you to ${spec.name} on Gatehouse`);
  const oldLink = new URL((await mailbox.link(/\/invitations\//).getAttribute("href"))!).pathname;
  await page.goto(workspaceUrl);
  await expect(admin.row(spec.superuserEmail).getByText("Sent")).toBeVisible();

  await admin.confirm(admin.row(spec.superuserEmail), "Resend", "Send a new link");
  await expect(admin.status()).toContainText(`A new invitation is on its way to ${spec.superuserEmail}`);
  await expect(admin.row(spec.superuserEmail).getByText(/^(Queued|Sent)$/)).toBeVisible();
  await page.goto(oldLink);
  await expect(page.getByRole("heading", { level: 1, name: "This link cannot be used" })).toBeVisible();

  await page.goto("/admin/invitations");
  await admin.expectShown("Invitations");
  await expectAccessible(page);
  await admin.confirm(admin.row(spec.superuserEmail), "Revoke", "Revoke invitation");
  await expect(admin.status()).toContainText(`The invitation to ${spec.superuserEmail} is revoked.`);
  await page.getByLabel("Status").selectOption("revoked");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(admin.row(spec.superuserEmail).getByText("Revoked")).toBeVisible();
  await expect(admin.row(spec.superuserEmail).getByRole("button")).toHaveCount(0);
});

test("a landlord bounds a workspace's token lifetimes, suspends it with a reason and reactivates it", async ({ page }) => {
  test.slow();
  const landlord = makeUser({ name: "Sam Landlord", mfa: true, landlord: true });
  await signInWithTotp(page, landlord);
  await page.waitForURL(/\/admin$/);
  const admin = new AdminConsolePage(page);
  await page.getByRole("link", { name: "New workspace" }).click();
  const stamp = Date.now().toString(36);
  const name = `Bounded ${stamp}`;
  await admin.createWorkspace({ name, subdomain: `bounded-${stamp}`, superuserEmail: `owner-${stamp}@e2e.gatehouse.test` });

  const longest = page.getByLabel(/^Longest access token/);
  await longest.fill("11");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Use at most 10 minutes", { exact: false })).toBeVisible();
  await longest.fill("5");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(admin.status()).toContainText("The workspace's settings are saved.");
  await page.reload();
  await expect(longest).toHaveValue("5");

  await page.getByRole("button", { name: "Suspend workspace" }).click();
  await page.getByRole("button", { name: "Suspend now" }).click();
  await expect(page.getByText("Say why.")).toBeVisible();
  await page.getByLabel("Reason, shown to members").fill("Invoices unpaid since March");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Suspend now" }).click();
  await expect(admin.status()).toContainText(`${name} is suspended.`);
  await expect(page.getByText("Invoices unpaid since March")).toBeVisible();
  await page.getByRole("link", { name: "← Workspaces" }).click();
  await admin.search("Search by name or subdomain", `bounded-${stamp}`);
  await expect(admin.row(name).getByText("Suspended")).toBeVisible();

  await admin.row(name).getByRole("link", { name }).click();
  await admin.confirm(page.getByRole("region", { name: "Suspension" }), "Reactivate workspace", "Reactivate");
  await expect(admin.status()).toContainText(`${name} is active again.`);
  await expect(page.getByRole("region", { name: "Facts" }).getByText("Active")).toBeVisible();
});

test("a landlord ends a user's sessions, resets their MFA and finds both in the audit log and its CSV", async ({ page, browser }) => {
  test.slow();
  const landlord = makeUser({ name: "Lou Landlord", mfa: true, landlord: true });
  const member = makeUser({ name: "Mo Member", mfa: true, memberships: { acme: "member" } });
  // The member is signed in in a browser of their own.
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await signInWithTotp(memberPage, member);
  await memberPage.waitForURL(/\/workspaces$/);

  await signInWithTotp(page, landlord);
  await page.waitForURL(/\/admin$/);
  const admin = new AdminConsolePage(page);
  await admin.open("Users");
  await admin.search("Search by e-mail", member.email);
  const card = admin.userCard(member.email);
  await expect(card.getByText("Acme Retail", { exact: false })).toBeVisible();
  await expect(card.getByText("On", { exact: true })).toBeVisible();
  await expectAccessible(page);

  await admin.confirm(card, "End all sessions", "End all sessions");
  await expect(admin.status()).toContainText(`Every session of ${member.email} has ended.`);
  await memberPage.reload();
  await memberPage.waitForURL(/\/login\?/);
  await memberContext.close();

  await card.getByRole("button", { name: "Reset two-step verification" }).click();
  await card.getByRole("form").getByRole("button", { name: "Reset two-step verification" }).click();
  await expect(admin.status()).toContainText(`Two-step verification of ${member.email} is reset.`);
  await expect(card.getByText("Off", { exact: true })).toBeVisible();

  await admin.open("Audit log");
  await page.getByLabel("Actor e-mail").fill(landlord.email);
  await page.getByLabel("Action").selectOption("user.sessions_ended");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=user\.sessions_ended/);
  await expect(page.getByRole("row").filter({ hasText: "user.sessions_ended" })).toHaveCount(1);
  await expect(page.getByRole("row").filter({ hasText: "auth.mfa.reset" })).toHaveCount(0);
  await expectAccessible(page);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv = await readFile((await (await download).path())!, "utf8");
  const [header, ...rows] = csv.trimEnd().split("\r\n");
  expect(header).toBe("id,createdAt,action,businessProfileGuid,actorUserId,actorEmail,actorApiKeyId,targetType,targetId,ip,userAgent,metadata");
  expect(rows).toHaveLength(1);
  expect(rows[0]).toContain(`,user.sessions_ended,,${landlord.id},${landlord.email},,user,${member.id},`);
});

test("a tenant user gets 404 for the console, also after signing in on its link", async ({ page }) => {
  const tenant = makeUser({ name: "Tess Tenant", memberships: { acme: "superuser" } });
  await page.goto("/admin");
  await page.waitForURL(/\/login\?callbackUrl=%2Fadmin$/);
  const login = new LoginPage(page);
  await login.signIn(tenant.email, tenant.password);
  await page.waitForURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Admin console" })).toHaveCount(0);
  await new AccountMenu(page).open();
  await expect(new AccountMenu(page).link("Admin console")).toHaveCount(0);
  for (const path of ["/admin", "/admin/users", "/admin/audit/export"]) {
    expect((await page.request.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
  }
});

test("a landlord without TOTP is sent to set it up, then reaches the console", async ({ page }) => {
  test.slow();
  const landlord = makeUser({ name: "Nia New-Landlord", landlord: true });
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(landlord.email, landlord.password);
  const settings = new SecuritySettingsPage(page);
  await settings.expectShown();
  await expect(page).toHaveURL(/\/settings\/security\?next=%2Fadmin$/);
  await settings.confirmPassword(landlord.password);
  await settings.startSetup();
  await settings.confirm(await currentTotp(await settings.manualKey()));
  await expect(settings.recoveryCodes()).toHaveCount(10);
  await page.getByRole("link", { name: "I have saved my codes, continue" }).click();
  await page.waitForURL(/\/admin$/);
  await new AdminConsolePage(page).expectShown("Workspaces");
  await expectAccessible(page);
});
