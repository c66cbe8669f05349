// Accepting an invitation from the attacker's side, through the route handlers and the domain
// functions the invitation page calls, on SQLite and PostgreSQL: a link never joins or sets a
// password while another account is signed in, an existing account joins only with its own token,
// and a workspace that requires MFA gives its new superuser no workspace token before TOTP is set
// up. (Unknown 404, reuse 410, expiry, revocation and races: app/uauth/admin/admin-api.int.test.ts.)
import { outboxProps } from "@/lib/email/outbox";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as selectRoute } from "@/app/uauth/auth/login/user/profile/[guid]/route";
import { GET as invitationRoute } from "@/app/uauth/invitations/[token]/route";
import { POST as acceptRoute } from "@/app/uauth/invitations/[token]/accept/route";
import { createWorkspaceWithSuperuser } from "@/lib/admin/workspaces";
import { loginWithPassword } from "@/lib/auth/journey";
import { confirmTotpSetup, securitySettings, startTotpSetup } from "@/lib/auth/security-settings";
import { totpCode } from "@/lib/auth/totp";
import { db } from "@/lib/db/client";
import { acceptInvitation, createLandlordAdmin } from "@/lib/invitations";
import { api, context, freshIp, loginViaApi, makeUser, selectPath, signInViaApi, unique, type TestUser } from "@/lib/testing/fixtures";

const STRONG = "tangerine lamp cobalt ferry";

let landlord: TestUser;
beforeAll(async () => {
  landlord = await makeUser({ landlord: true, mfa: true });
});

/** A workspace created by the landlord with `superuserEmail` invited; returns it and the mailed link token. */
async function invite(superuserEmail: string, options: { mfaRequired?: boolean } = {}) {
  const { workspace } = await createWorkspaceWithSuperuser({ name: `Tenant ${unique("t")}`, subdomain: unique("tenant-"), superuserEmail, ...options }, { id: landlord.id, name: null }, context(new Date()));
  const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: superuserEmail, template: "invitation" }, orderBy: { id: "desc" } });
  return { workspace, token: (outboxProps(mail) as { token: string }).token };
}

// Every look-up from a fresh address, so the per-address throttle of one test never decides another.
const describeLink = (token: string) => api.get(invitationRoute, `/uauth/invitations/${token}`, { params: { token }, ip: freshIp() });
const accept = (token: string, json: unknown, bearer?: string) => api.post(acceptRoute, `/uauth/invitations/${token}/accept`, { params: { token }, json, token: bearer, ip: freshIp() });
const select = (token: string, guid: string) => api.post(selectRoute, selectPath(guid), { token, params: { guid } });
const memberships = (workspaceId: number) => db().membership.count({ where: { workspaceId } });

describe("a link opened while signed in as another account", () => {
  // Threat: a link sent to a new address accepted in someone else's session, joining or activating behind their back.
  it("a new account's link with another account's token: 403, no password set, no member; without the token it works", async () => {
    const bystander = await makeUser();
    const email = `${unique("new")}@example.test`;
    const { workspace, token } = await invite(email);
    const refused = await accept(token, { password: STRONG }, (await signInViaApi(bystander)).token);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("FORBIDDEN");
    expect(await db().user.findUniqueOrThrow({ where: { email }, select: { status: true } })).toEqual({ status: "INVITED" });
    expect(await db().passwordCredential.count({ where: { user: { email } } })).toBe(0);
    expect(await memberships(workspace.id)).toBe(0);

    const accepted = await accept(token, { password: STRONG });
    expect(accepted.status).toBe(200);
    expect(accepted.json.passwordSet).toBe(true);
    expect((await accept(token, { password: STRONG })).status).toBe(410);
  });

  it("the page's own paths refuse the same: a set-password link (workspace or landlord) while the browser is signed in as someone else", async () => {
    const bystander = await makeUser();
    const { workspace, token } = await invite(`${unique("new")}@example.test`);
    await expect(acceptInvitation(token, STRONG, context(new Date(), freshIp()), { signedInUserId: bystander.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await memberships(workspace.id)).toBe(0);
    const { url, userId } = await createLandlordAdmin(`${unique("root")}@example.test`);
    const landlordToken = url.slice(url.lastIndexOf("/") + 1);
    await expect(acceptInvitation(landlordToken, STRONG, context(new Date(), freshIp()), { signedInUserId: bystander.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db().user.findUniqueOrThrow({ where: { id: userId }, select: { status: true } })).toEqual({ status: "INVITED" });
    await acceptInvitation(landlordToken, STRONG, context(new Date(), freshIp()));
    expect((await loginViaApi({ email: (await db().user.findUniqueOrThrow({ where: { id: userId } })).email, password: STRONG })).status).toBe(200);
  });
});

describe("an existing account", () => {
  // Threat: an MFA account's password alone (its MFA-pending token) joining a workspace.
  it("joins only past MFA: an MFA-pending token is refused and nothing changes", async () => {
    const owner = await makeUser({ mfa: true });
    const { workspace, token } = await invite(owner.email);
    const pending = (await loginViaApi(owner)).json.token as string;
    const refused = await accept(token, {}, pending);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("MFA_REQUIRED");
    expect(await memberships(workspace.id)).toBe(0);
    expect((await accept(token, {}, (await signInViaApi(owner)).token)).status).toBe(200);
    expect(await memberships(workspace.id)).toBe(1);
  });

  it("the link says sign_in, never set_password, and a closed account's link is dead (410) without being consumed", async () => {
    const owner = await makeUser();
    const { token } = await invite(owner.email);
    expect((await describeLink(token)).json).toMatchObject({ email: owner.email, next: "sign_in", inviter: "A Gatehouse administrator" });
    await db().user.update({ where: { id: owner.id }, data: { status: "DISABLED" } });
    const dead = await describeLink(token);
    expect(dead.status).toBe(410);
    expect(JSON.stringify(dead.json)).not.toContain("@");
    expect((await db().invitation.findFirstOrThrow({ where: { email: owner.email } })).status).toBe("PENDING");
  });
});

describe("a workspace that requires MFA", () => {
  // Threat: a new superuser holding the workspace's every authority on a password alone.
  it("gives its new superuser no workspace token until TOTP is set up, then one", async () => {
    const email = `${unique("boss")}@example.test`;
    const { workspace, token } = await invite(email, { mfaRequired: true });
    expect((await describeLink(token)).json.workspace).toMatchObject({ mfaRequired: true });
    expect((await accept(token, { password: STRONG })).status).toBe(200);

    const login = await loginViaApi({ email, password: STRONG });
    expect(login.status).toBe(200);
    const refused = await select(login.json.token, workspace.guid);
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: "POLICY_REQUIREMENTS", requirements: [{ type: "mfa_enroll" }] });

    // The set-up as the page does it, in a session signed in right after the password was set.
    const now = new Date();
    const user = await db().user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true } });
    const session = await loginWithPassword({ email, password: STRONG, passwordConfirmed: true }, context(now));
    await startTotpSetup(session.sessionId, user, context(now));
    // The key as the settings page shows it to this session, with no password asked again.
    const settings = await securitySettings(user.id, email, session.sessionId, now);
    if (settings.totp.state !== "pending") throw new Error(`set-up not shown: ${settings.totp.state}`);
    expect(await confirmTotpSetup(session.sessionId, user.id, await totpCode(settings.totp.secret, now), context(now))).toHaveLength(10);

    const entered = await select(session.token, workspace.guid);
    expect(entered.status).toBe(200);
    expect(entered.json.consumer).toMatchObject({ businessProfileId: workspace.id });
    // The password-only session from before the set-up ended with it.
    expect((await select(login.json.token, workspace.guid)).status).toBe(401);
  });

  it("a sign-in with the password alone must still confirm it before setting up TOTP", async () => {
    const user = await makeUser();
    const session = await loginWithPassword({ email: user.email, password: user.password }, context(new Date()));
    await expect(startTotpSetup(session.sessionId, user, context(new Date()))).rejects.toMatchObject({ code: "PASSWORD_CONFIRMATION_REQUIRED" });
  });
});
