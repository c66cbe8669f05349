// GET/PATCH /uauth/workspace/settings through the route handlers with no middleware in front, on
// SQLite and PostgreSQL, from the attacker's side: callers without the authority or at the wrong
// stage, another tenant's token, a landlord's column in the body, the lock-out and the bounds.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as logoutRoute } from "@/app/uauth/auth/logout/route";
import { POST as refreshRoute } from "@/app/uauth/auth/refresh/route";
import { db } from "@/lib/db/client";
import { api, call, enterViaApi, inspectToken, loginViaApi, makeUser, makeWorkspace, signInViaApi, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";
import { GET as settingsRoute, PATCH as patchRoute } from "./settings/route";

const PATH = "/uauth/workspace/settings";
const getSettings = (token: string | undefined, options: { ip?: string | null } = {}) => api.get(settingsRoute, PATH, { token, ...options });
const patch = (token: string | undefined, json: unknown, options: { ip?: string | null } = {}) => call(patchRoute, "PATCH", PATH, { token, json, ...options });

async function tokenIn(user: TestUser, workspace: TestWorkspace): Promise<string> {
  return (await enterViaApi((await signInViaApi(user)).token, workspace)).token;
}

let boss: TestUser;
let workspace: TestWorkspace;
let bossToken: string;

beforeAll(async () => {
  boss = await makeUser();
  workspace = await makeWorkspace({ name: "Settings Co", members: [[boss, "superuser"]] });
  bossToken = await tokenIn(boss, workspace);
});

describe("GET /uauth/workspace/settings", () => {
  it("answers the business profile, the allow-list and the token policy with its limits and what applies", async () => {
    const res = await getSettings(bossToken);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(["businessProfileGuid", "created", "id", "ipAllowlist", "ipRestricted", "logo", "mfaRequired", "name", "subdomain", "tokenLifetimes", "tokenLimits", "tokenPolicy"]);
    expect(res.json).toMatchObject({
      businessProfileGuid: workspace.guid,
      name: "Settings Co",
      ipAllowlist: [],
      tokenPolicy: { accessTokenMinutes: null, sessionHours: null },
      tokenLimits: { accessTokenMinutes: 10, sessionHours: 12 },
      tokenLifetimes: { accessTokenMinutes: 10, sessionHours: 12 },
    });
  });
});

describe("who is refused", () => {
  it("refuses no token, a user token, an MFA-pending token, a member without ROLE_ADMIN_SETTINGS and an ended session, and changes nothing", async () => {
    const [analyst, pending, ended] = [await makeUser(), await makeUser({ mfa: true }), await makeUser()];
    const target = await makeWorkspace({ name: "Guarded", members: [[analyst, "analyst"], [pending, "superuser"], [ended, "superuser"]] });
    const endedToken = await tokenIn(ended, target);
    expect((await api.post(logoutRoute, "/uauth/auth/logout", { token: endedToken })).status).toBe(204);
    const callers: Record<string, { token: string | undefined; status: number; code: string }> = {
      "no token": { token: undefined, status: 401, code: "UNAUTHENTICATED" },
      "a user token (no workspace chosen)": { token: (await signInViaApi(analyst)).token, status: 403, code: "WORKSPACE_REQUIRED" },
      "an MFA-pending token": { token: (await loginViaApi(pending)).json.token, status: 403, code: "MFA_REQUIRED" },
      "an analyst's workspace token": { token: await tokenIn(analyst, target), status: 403, code: "FORBIDDEN" },
      "an ended session's workspace token": { token: endedToken, status: 401, code: "SESSION_ENDED" },
    };
    for (const [who, { token, status, code }] of Object.entries(callers)) {
      expect((await getSettings(token)).json, who).toMatchObject({ error: { code } });
      const res = await patch(token, { name: "Hijacked", tokenPolicy: { accessTokenMinutes: 1 } });
      expect([res.status, res.json.error?.code], who).toEqual([status, code]);
    }
    expect(await db().workspace.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ name: "Guarded", accessTokenMinutes: null });
    expect(await db().auditEvent.count({ where: { workspaceId: target.id, action: "workspace.settings_changed" } })).toBe(0);
  });

  it("threat: another workspace's superuser changes only their own workspace with their token", async () => {
    const other = await makeUser();
    const otherWorkspace = await makeWorkspace({ members: [[other, "superuser"]] });
    const res = await patch(await tokenIn(other, otherWorkspace), { name: "Other renamed", mfaRequired: true });
    expect(res.json).toMatchObject({ businessProfileGuid: otherWorkspace.guid, name: "Other renamed", mfaRequired: true });
    expect(await db().workspace.findUniqueOrThrow({ where: { id: workspace.id } })).toMatchObject({ name: "Settings Co", mfaRequired: false });
  });

  it("refuses the landlord's columns in the body (400) and leaves them as they are", async () => {
    for (const body of [{ maxAccessTokenMinutes: 60 }, { suspendedAt: null }, { subdomain: "taken-over" }, { tokenPolicy: { maxSessionHours: 24 } }]) {
      const res = await patch(bossToken, body);
      expect([res.status, res.json.error.code], JSON.stringify(body)).toEqual([400, "VALIDATION_FAILED"]);
    }
    expect(await db().workspace.findUniqueOrThrow({ where: { id: workspace.id } })).toMatchObject({ maxAccessTokenMinutes: null, suspendedAt: null, subdomain: workspace.subdomain });
  });
});

describe("PATCH /uauth/workspace/settings", () => {
  it("refuses a lifetime above the bound (400 at the field, naming it) and takes one within it", async () => {
    const res = await patch(bossToken, { tokenPolicy: { accessTokenMinutes: 11 } });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual({ "tokenPolicy.accessTokenMinutes": "Use at most 10 minutes: the bound set for this workspace." });
    await db().workspace.update({ where: { id: workspace.id }, data: { maxSessionHours: 8 } });
    expect((await patch(bossToken, { tokenPolicy: { sessionHours: 9 } })).json.error.fields).toEqual({ "tokenPolicy.sessionHours": "Use at most 8 hours: the bound set for this workspace." });
    const ok = await patch(bossToken, { tokenPolicy: { accessTokenMinutes: 10, sessionHours: 8 } });
    expect(ok.json).toMatchObject({ tokenPolicy: { accessTokenMinutes: 10, sessionHours: 8 }, tokenLimits: { accessTokenMinutes: 10, sessionHours: 8 } });
    await db().workspace.update({ where: { id: workspace.id }, data: { maxSessionHours: null, accessTokenMinutes: null, sessionHours: null } });
  });

  it("refuses turning on an allow-list without the caller's address (409 naming it), then saves it when confirmed; the caller is refused next", async () => {
    const admin = await makeUser();
    const locked = await makeWorkspace({ members: [[admin, "superuser"]] });
    const token = await tokenIn(admin, locked);
    const change = { ipRestricted: true, ipAllowlist: ["10.0.0.0/8"] };
    const refused = await patch(token, change, { ip: "192.0.2.7" });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toEqual({ code: "WOULD_LOCK_OUT", message: "Your address, 192.0.2.7, is outside this allow-list: saving it locks you out of this workspace at once. Confirm to save it anyway." });
    expect((await getSettings(token, { ip: "192.0.2.7" })).json.ipRestricted).toBe(false);
    const saved = await patch(token, { ...change, confirmLockout: true }, { ip: "192.0.2.7" });
    expect(saved.json).toMatchObject({ ipRestricted: true, ipAllowlist: ["10.0.0.0/8"] });
    expect(await getSettings(token, { ip: "192.0.2.7" })).toMatchObject({ status: 403, json: { error: { code: "POLICY_REQUIREMENTS" } } });
    // From inside the allow-list the same token still works.
    expect((await getSettings(token, { ip: "10.1.2.3" })).status).toBe(200);
  });

  it("says at ipAllowlist that an IP restriction needs a range", async () => {
    const admin = await makeUser();
    const open = await makeWorkspace({ members: [[admin, "superuser"]] });
    const res = await patch(await tokenIn(admin, open), { ipRestricted: true });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "VALIDATION_FAILED", fields: { ipAllowlist: "Give at least one range when ipRestricted is on." } });
  });

  it("counts a request whose address is unknown as outside the allow-list", async () => {
    const res = await patch(bossToken, { ipRestricted: true, ipAllowlist: ["0.0.0.0/0", "::/0"] }, { ip: null });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/^Gatehouse cannot tell your address/);
  });

  it("takes the allow-list as a whole and audits the changed fields", async () => {
    const admin = await makeUser();
    const listed = await makeWorkspace({ members: [[admin, "superuser"]], ipRanges: ["10.0.0.0/8"] });
    const res = await patch(await tokenIn(admin, listed), { name: "Listed Co", ipAllowlist: ["127.0.0.0/8", "192.0.2.1"], ipRestricted: true });
    expect(res.json).toMatchObject({ name: "Listed Co", ipRestricted: true, ipAllowlist: ["127.0.0.0/8", "192.0.2.1/32"] });
    const event = await db().auditEvent.findFirstOrThrow({ where: { workspaceId: listed.id, action: "workspace.settings_changed" } });
    expect(event).toMatchObject({ actorUserId: admin.id, targetType: "workspace", targetId: listed.guid });
    expect(JSON.parse(event.metadata)).toEqual({ fields: ["name", "ipRestricted", "ipAllowlist"] });
  });

  it("gives the next workspace token accessTokenMinutes and caps the session at sessionHours, on selection and on refresh", async () => {
    const admin = await makeUser();
    const short = await makeWorkspace({ members: [[admin, "superuser"]] });
    const signedIn = await signInViaApi(admin);
    const first = await enterViaApi(signedIn.token, short);
    expect(await patch(first.token, { tokenPolicy: { accessTokenMinutes: 3, sessionHours: 1 } })).toMatchObject({ status: 200, json: { tokenLifetimes: { accessTokenMinutes: 3, sessionHours: 1 } } });
    const lifetime = (token: string) => inspectToken(token).claims.exp - inspectToken(token).claims.iat;
    expect(lifetime(first.token)).toBe(600);

    const refreshed = await api.post(refreshRoute, "/uauth/auth/refresh", { json: { refreshToken: signedIn.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(lifetime(refreshed.json.token)).toBe(180);
    const session = await db().session.findUniqueOrThrow({ where: { id: inspectToken(refreshed.json.token).claims.sid as string } });
    expect(session.expiresAt.getTime()).toBe(session.createdAt.getTime() + 3600_000);
    expect(lifetime((await enterViaApi(refreshed.json.token, short)).token)).toBe(180);
  });
});
