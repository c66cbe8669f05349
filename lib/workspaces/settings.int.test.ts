// A workspace's own settings and token policy, through the domain on SQLite and PostgreSQL: who
// may change them, the lock-out guard, the landlord's bounds, and the lifetimes the journey then
// gives workspace tokens and sessions (driven with an explicit `now`).
import { describe, expect, it } from "vitest";
import { loginWithPassword, refreshSession, selectWorkspace } from "@/lib/auth/journey";
import { resolveAccessToken, type WorkspacePrincipal } from "@/lib/auth/principal";
import { touchSession } from "@/lib/auth/sessions";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { context, enterViaApi, freshIp, inspectToken, makeUser, makeWorkspace, signInViaApi, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";
import { getWorkspaceSettings, updateWorkspaceSettings } from "./settings";

const T0 = new Date("2030-06-01T08:00:00Z");
const at = (seconds: number) => addSeconds(T0, seconds);
const ctx = (ip: string | null = "127.0.0.1") => ({ ip, userAgent: "vitest", now: new Date() });

/** A workspace token of `user` in `workspace`, and the principal it resolves to now. */
async function principalOf(user: TestUser, workspace: TestWorkspace): Promise<{ token: string; principal: WorkspacePrincipal }> {
  const { token } = await enterViaApi((await signInViaApi(user)).token, workspace);
  return { token, principal: (await resolveAccessToken(token, "127.0.0.1", new Date(), "workspace")) as WorkspacePrincipal };
}

async function superuserOf(options: Parameters<typeof makeWorkspace>[0] = {}) {
  const boss = await makeUser();
  const workspace = await makeWorkspace({ ...options, members: [[boss, "superuser"]] });
  return { boss, workspace, ...(await principalOf(boss, workspace)) };
}

/** The landlord's bounds, written as the landlord's console would (that API lives on another branch). */
async function setLandlordBounds(workspace: TestWorkspace, bounds: { maxAccessTokenMinutes?: number | null; maxSessionHours?: number | null }) {
  await db().workspace.update({ where: { id: workspace.id }, data: bounds });
}

/** Signs `user` in at `now` (password, no MFA) and enters `workspace`; the session and its tokens. */
async function enterAt(user: TestUser, workspace: TestWorkspace, now: Date) {
  const ip = freshIp();
  const login = await loginWithPassword({ email: user.email, password: user.password }, context(now, ip));
  const entered = await selectWorkspace(login.sessionId, workspace.guid, context(now, ip));
  return { sessionId: login.sessionId, refreshToken: login.refreshToken!, token: entered.token, ip };
}

const lifetimeOf = (token: string) => {
  const { claims } = inspectToken(token);
  return claims.exp - claims.iat;
};
const sessionEnd = async (id: string) => (await db().session.findUniqueOrThrow({ where: { id }, select: { expiresAt: true } })).expiresAt;

describe("who may change the settings", () => {
  it("refuses a member without ROLE_ADMIN_SETTINGS (403), reading or writing, and changes nothing", async () => {
    const member = await makeUser();
    const workspace = await makeWorkspace({ name: "Untouched", members: [[await makeUser(), "superuser"], [member, "member"]] });
    const { principal } = await principalOf(member, workspace);
    await expect(getWorkspaceSettings(principal)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(updateWorkspaceSettings(principal, { name: "Hijacked", mfaRequired: true }, ctx())).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db().workspace.findUniqueOrThrow({ where: { id: workspace.id } })).toMatchObject({ name: "Untouched", mfaRequired: false });
  });

  it("changes only the caller's own workspace (threat: one tenant's admin changing another's)", async () => {
    const a = await superuserOf({ name: "Tenant A" });
    const b = await superuserOf({ name: "Tenant B", ipRanges: ["10.0.0.0/8"] });
    const changed = await updateWorkspaceSettings(a.principal, { name: "A renamed", ipAllowlist: ["192.0.2.0/24"], tokenPolicy: { accessTokenMinutes: 2 } }, ctx());
    expect(changed).toMatchObject({ guid: a.workspace.guid, name: "A renamed", ipAllowlist: ["192.0.2.0/24"], tokenPolicy: { accessTokenMinutes: 2, sessionHours: null } });
    expect(await db().workspace.findUniqueOrThrow({ where: { id: b.workspace.id }, include: { ipRanges: true } })).toMatchObject({ name: "Tenant B", accessTokenMinutes: null, ipRanges: [{ cidr: "10.0.0.0/8" }] });
  });
});

describe("changing the settings", () => {
  it("replaces the allow-list as a whole (normalised, once each) and audits the names of the fields that changed", async () => {
    const { boss, workspace, principal } = await superuserOf({ ipRanges: ["10.0.0.0/8", "172.16.0.0/12"] });
    const result = await updateWorkspaceSettings(principal, { name: workspace.name, logo: "/logos/acme.svg", ipAllowlist: ["127.0.0.1", "127.0.0.1/32", "192.0.2.0/24"], tokenPolicy: { sessionHours: 4 } }, ctx());
    expect(result).toMatchObject({ logo: "/logos/acme.svg", ipAllowlist: ["127.0.0.1/32", "192.0.2.0/24"], tokenPolicy: { accessTokenMinutes: null, sessionHours: 4 }, tokenLifetimes: { accessTokenMinutes: 10, sessionHours: 4 } });
    const event = await db().auditEvent.findFirstOrThrow({ where: { workspaceId: workspace.id, action: "workspace.settings_changed" } });
    expect(event).toMatchObject({ actorUserId: boss.id, targetId: workspace.guid, ip: "127.0.0.1" });
    expect(JSON.parse(event.metadata)).toEqual({ fields: ["logo", "tokenPolicy.sessionHours", "ipAllowlist"] });
    // Nothing changed: nothing written, nothing audited.
    await updateWorkspaceSettings(principal, { name: workspace.name, ipAllowlist: ["192.0.2.0/24", "127.0.0.1/32"] }, ctx());
    expect(await db().auditEvent.count({ where: { workspaceId: workspace.id, action: "workspace.settings_changed" } })).toBe(1);
  });

  it("refuses an IP restriction with no range (400), as the landlord's update does", async () => {
    const { principal } = await superuserOf();
    await expect(updateWorkspaceSettings(principal, { ipRestricted: true, ipAllowlist: [] }, ctx())).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: { fieldErrors: { ipAllowlist: "Give at least one range when ipRestricted is on." } } });
    await expect(updateWorkspaceSettings(principal, { ipRestricted: true }, ctx())).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("names a wrong range and refuses a landlord's column in the input (400)", async () => {
    const { workspace, principal } = await superuserOf();
    await expect(updateWorkspaceSettings(principal, { ipAllowlist: ["10.0.0.0/8", "10.0.0.0/33"] }, ctx())).rejects.toMatchObject({ details: { fieldErrors: { ipAllowlist: "10.0.0.0/33: Enter an IP range such as 10.0.0.0/8." } } });
    await expect(updateWorkspaceSettings(principal, { name: "x", maxSessionHours: 24 }, ctx())).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(updateWorkspaceSettings(principal, { tokenPolicy: { accessTokenMinutes: 5, maxAccessTokenMinutes: 60 } }, ctx())).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await db().workspace.findUniqueOrThrow({ where: { id: workspace.id } })).toMatchObject({ maxSessionHours: null, maxAccessTokenMinutes: null, accessTokenMinutes: null });
  });
});

describe("the lock-out guard", () => {
  it("refuses an allow-list without the caller's address (409, naming it), then saves it when confirmed; the caller's next request is refused", async () => {
    const { workspace, principal, token } = await superuserOf();
    const change = { ipRestricted: true, ipAllowlist: ["10.0.0.0/8"] };
    await expect(updateWorkspaceSettings(principal, change, ctx("127.0.0.1"))).rejects.toMatchObject({
      code: "WOULD_LOCK_OUT",
      status: 409,
      message: "Your address, 127.0.0.1, is outside this allow-list: saving it locks you out of this workspace at once. Confirm to save it anyway.",
    });
    expect(await db().workspace.findUniqueOrThrow({ where: { id: workspace.id } })).toMatchObject({ ipRestricted: false });

    expect(await updateWorkspaceSettings(principal, { ...change, confirmLockout: true }, ctx("127.0.0.1"))).toMatchObject({ ipRestricted: true, ipAllowlist: ["10.0.0.0/8"] });
    const event = await db().auditEvent.findFirstOrThrow({ where: { workspaceId: workspace.id, action: "workspace.settings_changed" } });
    expect(JSON.parse(event.metadata)).toEqual({ fields: ["ipRestricted", "ipAllowlist"], lockoutConfirmed: true });
    await expect(resolveAccessToken(token, "127.0.0.1", new Date(), "workspace")).rejects.toMatchObject({ code: "POLICY_REQUIREMENTS" });
  });

  it("lets an allow-list that keeps the caller in through without asking", async () => {
    const { principal } = await superuserOf();
    expect(await updateWorkspaceSettings(principal, { ipRestricted: true, ipAllowlist: ["127.0.0.0/8", "10.0.0.0/8"] }, ctx("127.0.0.1"))).toMatchObject({ ipRestricted: true });
  });

  it("counts an unknown address as outside (threat: a restriction saved from where Gatehouse cannot see the address)", async () => {
    const { principal } = await superuserOf();
    await expect(updateWorkspaceSettings(principal, { ipRestricted: true, ipAllowlist: ["0.0.0.0/0"] }, ctx(null))).rejects.toMatchObject({
      code: "WOULD_LOCK_OUT",
      message: expect.stringMatching(/^Gatehouse cannot tell your address, so it counts as outside this allow-list/),
    });
  });
});

describe("the token policy's bounds", () => {
  it("refuses a lifetime above the landlord's bound (400, naming it), and uses the platform's maximum without a bound", async () => {
    const { workspace, principal } = await superuserOf();
    await expect(updateWorkspaceSettings(principal, { tokenPolicy: { accessTokenMinutes: 11 } }, ctx())).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { fieldErrors: { "tokenPolicy.accessTokenMinutes": "Use at most 10 minutes: the bound set for this workspace." } },
    });
    await expect(updateWorkspaceSettings(principal, { tokenPolicy: { sessionHours: 13 } }, ctx())).rejects.toMatchObject({ details: { fieldErrors: { "tokenPolicy.sessionHours": "Use at most 12 hours: the bound set for this workspace." } } });
    expect(await updateWorkspaceSettings(principal, { tokenPolicy: { accessTokenMinutes: 10, sessionHours: 12 } }, ctx())).toMatchObject({ tokenPolicy: { accessTokenMinutes: 10, sessionHours: 12 } });

    await setLandlordBounds(workspace, { maxAccessTokenMinutes: 5, maxSessionHours: 1 });
    await expect(updateWorkspaceSettings(principal, { tokenPolicy: { accessTokenMinutes: 6 } }, ctx())).rejects.toMatchObject({ details: { fieldErrors: { "tokenPolicy.accessTokenMinutes": "Use at most 5 minutes: the bound set for this workspace." } } });
    await expect(updateWorkspaceSettings(principal, { tokenPolicy: { sessionHours: 2 } }, ctx())).rejects.toMatchObject({ details: { fieldErrors: { "tokenPolicy.sessionHours": "Use at most 1 hour: the bound set for this workspace." } } });
    await expect(updateWorkspaceSettings(principal, { tokenPolicy: { accessTokenMinutes: 0 } }, ctx())).rejects.toMatchObject({ details: { fieldErrors: { "tokenPolicy.accessTokenMinutes": "Use at least 1 minute." } } });
    // The stored choice above the new bound is shown with what applies now.
    expect(await getWorkspaceSettings(principal)).toMatchObject({ tokenPolicy: { accessTokenMinutes: 10, sessionHours: 12 }, tokenLimits: { accessTokenMinutes: 5, sessionHours: 1 }, tokenLifetimes: { accessTokenMinutes: 5, sessionHours: 1 } });
    expect(await updateWorkspaceSettings(principal, { tokenPolicy: { accessTokenMinutes: null, sessionHours: null } }, ctx())).toMatchObject({ tokenPolicy: { accessTokenMinutes: null, sessionHours: null }, tokenLifetimes: { accessTokenMinutes: 5, sessionHours: 1 } });
  });
});

describe("the lifetimes the journey gives", () => {
  it("gives a workspace with accessTokenMinutes = 3 workspace tokens of 180 s, on selection and on refresh; user tokens keep 10 minutes", async () => {
    const { boss, workspace, principal } = await superuserOf();
    await updateWorkspaceSettings(principal, { tokenPolicy: { accessTokenMinutes: 3 } }, ctx());
    const ip = freshIp();
    const login = await loginWithPassword({ email: boss.email, password: boss.password }, context(T0, ip));
    expect(lifetimeOf(login.token)).toBe(600);
    const entered = await selectWorkspace(login.sessionId, workspace.guid, context(T0, ip));
    expect(lifetimeOf(entered.token)).toBe(180);
    expect(entered.expiresAt).toEqual(at(180));
    const refreshed = await refreshSession(login.refreshToken!, context(at(170), ip));
    expect(refreshed).toMatchObject({ stage: "workspace", expiresAt: at(350).toISOString() });
    expect(lifetimeOf(refreshed.token)).toBe(180);
    expect(await resolveAccessToken(refreshed.token, ip, at(200), "workspace")).toMatchObject({ workspace: { guid: workspace.guid } });
  });

  it("shortens the next workspace token when the landlord lowers the bound below the stored policy", async () => {
    const { boss, workspace, principal } = await superuserOf();
    await updateWorkspaceSettings(principal, { tokenPolicy: { accessTokenMinutes: 8 } }, ctx());
    const session = await enterAt(boss, workspace, T0);
    expect(lifetimeOf(session.token)).toBe(480);
    await setLandlordBounds(workspace, { maxAccessTokenMinutes: 2 });
    const refreshed = await refreshSession(session.refreshToken, context(at(60), session.ip));
    expect(lifetimeOf(refreshed.token)).toBe(120);
  });

  it("caps the session at sessionHours = 1 from its start when it enters the workspace, and its refresh token with it", async () => {
    const { boss, workspace, principal } = await superuserOf();
    await updateWorkspaceSettings(principal, { tokenPolicy: { sessionHours: 1 } }, ctx());
    const ip = freshIp();
    const login = await loginWithPassword({ email: boss.email, password: boss.password }, context(T0, ip));
    expect(await sessionEnd(login.sessionId)).toEqual(at(12 * 3600));
    await selectWorkspace(login.sessionId, workspace.guid, context(at(600), ip));
    expect(await sessionEnd(login.sessionId)).toEqual(at(3600));
    const refreshed = await refreshSession(login.refreshToken!, context(at(1200), ip));
    const stored = await db().refreshToken.findMany({ where: { sessionId: login.sessionId, usedAt: null }, select: { expiresAt: true } });
    expect(stored).toEqual([{ expiresAt: at(3600) }]);
    // Past the hour the session is over, and its refresh token with it.
    await expect(refreshSession(refreshed.refreshToken, context(at(3601), ip))).rejects.toMatchObject({ status: 401 });
  });

  it("caps the session on refresh when the policy arrives after it entered, and ends one already older than the policy allows", async () => {
    const { boss, workspace, principal } = await superuserOf();
    const session = await enterAt(boss, workspace, T0);
    expect(await sessionEnd(session.sessionId)).toEqual(at(12 * 3600));
    await updateWorkspaceSettings(principal, { tokenPolicy: { sessionHours: 2 } }, ctx());
    const refreshed = await refreshSession(session.refreshToken, context(at(600), session.ip));
    expect(await sessionEnd(session.sessionId)).toEqual(at(7200));

    // The landlord now allows one hour: at 65 minutes (active at 50) the session is older than that.
    await setLandlordBounds(workspace, { maxSessionHours: 1 });
    await touchSession(session.sessionId, T0, at(3000));
    await expect(refreshSession(refreshed.refreshToken, context(at(3900), session.ip))).rejects.toMatchObject({ code: "SESSION_ENDED", message: `${workspace.name} allows sessions of at most 1 hour: sign in again to enter it.` });
    expect(await sessionEnd(session.sessionId)).toEqual(at(3600));
    // Entering with a session signed in two hours ago (active a minute ago) ends it too.
    const earlier = await loginWithPassword({ email: boss.email, password: boss.password }, context(at(-7200), freshIp()));
    await touchSession(earlier.sessionId, at(-7200), at(-60));
    await expect(selectWorkspace(earlier.sessionId, workspace.guid, context(T0, freshIp()))).rejects.toMatchObject({ code: "SESSION_ENDED", message: `${workspace.name} allows sessions of at most 1 hour: sign in again to enter it.` });
    expect(await sessionEnd(earlier.sessionId)).toEqual(at(-3600));
  });

  it("never lengthens a session: a session policy longer than what is left changes nothing", async () => {
    const { boss, workspace, principal } = await superuserOf();
    await updateWorkspaceSettings(principal, { tokenPolicy: { sessionHours: 12 } }, ctx());
    const session = await enterAt(boss, workspace, T0);
    expect(await sessionEnd(session.sessionId)).toEqual(at(12 * 3600));
  });
});
