// API keys in the browser: a superuser creates a key, sees its secret once and uses it over the
// API; rotates it with an overlap (both work), rotates the new one with none (the old stops at
// once), revokes the newest (401 KEY_REVOKED) — each card saying what the API does. The secret
// never stays in the page. A member without ROLE_API_SHOW neither sees the section nor opens it.
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { LoginPage } from "./pages/login.page";
import { ApiKeysSettingsPage, MembersSettingsPage } from "./pages/workspace-settings.page";
import { WorkspaceHomePage } from "./pages/workspace-home.page";
import { WorkspacesPage } from "./pages/workspaces.page";
import { expectAccessible } from "./support/accessibility";
import { makeUsers } from "./support/fixtures";
import { signInWithTotp } from "./support/sign-in";

/** A workspace of its own (the demo ones are shared by other tests) with a superuser who has TOTP, and a plain member. */
function keyWorkspace() {
  const suffix = randomBytes(4).toString("hex");
  const workspace = { name: `Keyring ${suffix}`, subdomain: `keyring-${suffix}` };
  const [superuser, member] = makeUsers({
    workspaces: [workspace],
    users: [
      { name: "Kim Keys", mfa: true, memberships: { [workspace.subdomain]: "superuser" } },
      { name: "Max Member", memberships: { [workspace.subdomain]: "member" } },
    ],
  });
  return { ...workspace, superuser: superuser!, member: member! };
}

/** `GET /uauth/me` with the key as Bearer: the status and the body. */
async function me(request: APIRequestContext, key: string): Promise<{ status: number; body: { apiKey?: { name: string }; authorities?: string[]; error?: { code: string } } }> {
  const response = await request.get("/uauth/me", { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status(), body: await response.json() };
}

test("a superuser creates, rotates and revokes API keys in the browser, and each key works over the API as its card says", async ({ page, context, request }) => {
  test.slow();
  const workspace = keyWorkspace();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInWithTotp(page, workspace.superuser);
  await new WorkspacesPage(page).expectShown();
  await new WorkspacesPage(page).enter(workspace.name);
  const home = new WorkspaceHomePage(page);
  await home.expectShown(workspace.subdomain, workspace.name);
  await home.settingsLink().click();
  const members = new MembersSettingsPage(page);
  await members.expectShown(workspace.subdomain);
  await members.nav().getByRole("link", { name: "API keys" }).click();
  const keys = new ApiKeysSettingsPage(page);
  await keys.expectShown(workspace.subdomain);
  await expect(page.getByRole("heading", { level: 2, name: "Keys (0)" })).toBeVisible();
  await expectAccessible(page);

  // Create: the secret once, read-only, with Copy; it works as Bearer with the chosen permissions.
  await keys.create("Billing sync", ["List API keys", "View CRM records"]);
  await expect(keys.issuedKey()).toContainText("This is the only time the key is shown.");
  const first = await keys.readIssuedKey();
  expect(first).toMatch(/^gh_live_[0-9A-Za-z]{49}$/);
  await keys.issuedKey().getByRole("button", { name: "Copy" }).click();
  await expect(keys.issuedKey().getByRole("status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);
  await expectAccessible(page);
  const used = await me(request, first);
  expect(used.status).toBe(200);
  expect(used.body.apiKey?.name).toBe("Billing sync");
  expect(used.body.authorities).toEqual(["ROLE_API_SHOW", "ROLE_CRM_SHOW"]);
  await keys.issuedKey().getByRole("button", { name: "Done" }).click();
  await expect(keys.issuedKey()).toHaveCount(0);
  expect(await page.content()).not.toContain(first);
  await expect(keys.createForm()).toBeVisible();
  await expect(keys.status(first)).toHaveText("Active");
  await expect(keys.key(first).getByRole("listitem")).toHaveText(["List API keys", "View CRM records"]);
  await expect(keys.key(first)).toContainText(`by ${workspace.superuser.email}`);
  await expect(keys.key(first).getByRole("img", { name: /^Requests per day: / })).toBeVisible();

  // Rotate with an hour's overlap: the new secret once, in the old key's card; both keys work.
  await keys.rotate(first, "1 hour");
  const second = await keys.readIssuedKey();
  expect(second).not.toBe(first);
  await expect(keys.status(first)).toHaveText(/^Rotating: works until /);
  await expect(keys.status(second)).toHaveText("Active");
  expect((await me(request, first)).status).toBe(200);
  expect((await me(request, second)).status).toBe(200);
  await keys.issuedKey().getByRole("button", { name: "Done" }).click();
  expect(await page.content()).not.toContain(second);

  // Rotate the new one with no overlap: it stops at once; the first is still inside its hour.
  await keys.rotate(second, "Not at all: it stops now");
  const third = await keys.readIssuedKey();
  const rotatedOut = await me(request, second);
  expect(rotatedOut.status).toBe(401);
  expect(rotatedOut.body.error?.code).toBe("KEY_ROTATED");
  expect((await me(request, third)).status).toBe(200);
  expect((await me(request, first)).status).toBe(200);
  await expect(keys.status(second)).toHaveText(/^Rotated: replaced on /);
  await keys.issuedKey().getByRole("button", { name: "Done" }).click();

  // Revoke the newest: the very next request is refused, and its card says so.
  await keys.revoke(third);
  await expect(keys.status(third)).toHaveText(/^Revoked on /);
  await expect(keys.key(third).getByRole("button", { name: /^(Revoke|Rotate) / })).toHaveCount(0);
  const revoked = await me(request, third);
  expect(revoked.status).toBe(401);
  expect(revoked.body.error?.code).toBe("KEY_REVOKED");

  // After a reload no secret is anywhere in the page; the cards remain, at phone width too.
  await page.reload();
  await keys.expectShown(workspace.subdomain);
  const html = await page.content();
  for (const secret of [first, second, third]) expect(html).not.toContain(secret);
  await expect(page.getByRole("heading", { level: 2, name: "Keys (3)" })).toBeVisible();
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await keys.key(first).getByRole("button", { name: /^Revoke / }).click();
  await expectAccessible(page);
});

test("a member without ROLE_API_SHOW has no link to the API keys and is turned away from the page", async ({ page }) => {
  // Fixtures, a sign-in and three page loads: more than 30 s on a busy machine.
  test.slow();
  const workspace = keyWorkspace();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(workspace.member.email, workspace.member.password);
  const workspaces = new WorkspacesPage(page);
  await workspaces.expectShown();
  await workspaces.enter(workspace.name);
  const home = new WorkspaceHomePage(page);
  await home.expectShown(workspace.subdomain, workspace.name);
  await expect(home.settingsLink()).toHaveCount(0);
  await expect(page.getByRole("link", { name: "API keys" })).toHaveCount(0);

  await page.goto(`/w/${workspace.subdomain}/settings/api-keys`);
  await workspaces.expectShown();
  await expect(page).toHaveURL(/\?denied=FORBIDDEN$/);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Your role does not allow that page. Ask a workspace admin if you need it.");
});
