// A workspace administrator resetting a member's two-step verification, through the route handler
// on SQLite and PostgreSQL: only a member of their own workspace who belongs nowhere else, never a
// landlord admin, themselves or another tenant's user, and only with MFA passed in the last 10 minutes.
import { outboxProps } from "@/lib/email/outbox";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as refreshRoute } from "@/app/uauth/auth/refresh/route";
import { GET as meRoute } from "@/app/uauth/me/route";
import { DELETE as memberMfaRoute } from "@/app/uauth/workspace/members/[userId]/mfa/route";
import { db } from "@/lib/db/client";
import { api, call, enterViaApi, makeUser, makeWorkspace, signInViaApi, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";

const reset = (userId: number, token: string) => call(memberMfaRoute, "DELETE", `/uauth/workspace/members/${userId}/mfa`, { token, params: { userId: String(userId) } });
const factors = (user: TestUser) => db().totpFactor.count({ where: { userId: user.id } });

let admin: TestUser;
let workspace: TestWorkspace;
let other: TestWorkspace;
let adminToken: string;

beforeAll(async () => {
  admin = await makeUser({ mfa: true });
  workspace = await makeWorkspace({ members: [[admin, "superuser"]] });
  other = await makeWorkspace();
  adminToken = (await enterViaApi((await signInViaApi(admin)).token, workspace)).token;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("DELETE /uauth/workspace/members/{userId}/mfa", () => {
  // Threat: a member who may only edit roles strips the superuser's second factor (and signs them out at will).
  it("refuses a member holding less than the target: a role editor cannot reset the superuser's MFA", async () => {
    const boss = await makeUser({ mfa: true });
    const solo = await makeWorkspace({ members: [[boss, "superuser"]] });
    const role = await db().role.create({ data: { workspaceId: solo.id, key: "mfa-desk", name: "MFA desk", authorities: "ROLE_ADMIN_EDITUSER" } });
    const editor = await makeUser({ mfa: true });
    await db().membership.create({ data: { workspaceId: solo.id, userId: editor.id, roleId: role.id } });
    const editorToken = (await enterViaApi((await signInViaApi(editor)).token, solo)).token;
    const res = await reset(boss.id, editorToken);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("FORBIDDEN");
    expect(await factors(boss)).toBe(1);
  });

  // Threat: after a reset, whoever held the member's sessions keeps the account.
  it("resets a member of this workspace only: factor and codes gone, sessions and refresh tokens ended, e-mail and audit in this workspace", async () => {
    const member = await makeUser({ mfa: true });
    await db().membership.create({ data: { workspaceId: workspace.id, userId: member.id, roleId: (await db().role.findUniqueOrThrow({ where: { workspaceId_key: { workspaceId: workspace.id, key: "member" } } })).id } });
    const session = await signInViaApi(member);

    expect((await reset(member.id, adminToken)).status).toBe(204);
    expect(await factors(member)).toBe(0);
    expect(await db().recoveryCode.count({ where: { userId: member.id } })).toBe(0);
    expect((await api.get(meRoute, "/uauth/me", { token: session.token })).json.error?.code).toBe("SESSION_ENDED");
    expect((await api.post(refreshRoute, "/uauth/auth/refresh", { json: { refreshToken: session.refreshToken } })).status).toBe(401);
    const notice = await db().outboxEmail.findFirstOrThrow({ where: { to: member.email, template: "mfa-changed" }, orderBy: { id: "desc" } });
    expect(notice.workspaceId).toBe(workspace.id);
    expect(outboxProps(notice)).toMatchObject({ change: "reset" });
    expect(await db().auditEvent.findFirstOrThrow({ where: { action: "auth.mfa.reset", targetId: String(member.id) } })).toMatchObject({ workspaceId: workspace.id, actorUserId: admin.id });
    // The admin's own session goes on.
    expect((await api.get(meRoute, "/uauth/me", { token: adminToken })).status).toBe(200);
  });

  // Threat: a tenant administrator stripping the second factor of another tenant's user, a platform operator, or a shared account.
  it("refuses another tenant's user (404), a landlord admin, themselves and a member of another workspace too (403)", async () => {
    const outsider = await makeUser({ mfa: true });
    await makeWorkspace({ members: [[outsider, "superuser"]] });
    const landlord = await makeUser({ mfa: true, landlord: true });
    const shared = await makeUser({ mfa: true });
    const memberRole = await db().role.findUniqueOrThrow({ where: { workspaceId_key: { workspaceId: workspace.id, key: "member" } } });
    const otherRole = await db().role.findUniqueOrThrow({ where: { workspaceId_key: { workspaceId: other.id, key: "member" } } });
    await db().membership.createMany({ data: [{ workspaceId: workspace.id, userId: landlord.id, roleId: memberRole.id }, { workspaceId: workspace.id, userId: shared.id, roleId: memberRole.id }, { workspaceId: other.id, userId: shared.id, roleId: otherRole.id }] });

    const seen: string[] = [];
    for (const [who, user] of Object.entries({ outsider, landlord, admin, shared })) {
      const res = await reset(user.id, adminToken);
      seen.push(`${who}: ${res.status} ${res.json?.error?.code}`);
      expect(await factors(user)).toBe(1);
    }
    expect(seen).toEqual(["outsider: 404 NOT_FOUND", "landlord: 403 FORBIDDEN", "admin: 403 FORBIDDEN", "shared: 403 FORBIDDEN"]);
    expect((await reset(999_999_999, adminToken)).status).toBe(404);
  });

  // Threat: a member without the authority, a user token, or an admin whose password alone was stolen.
  it("refuses without ROLE_ADMIN_EDITUSER, without a workspace token and without MFA this session", async () => {
    const target = await makeUser({ mfa: true });
    const plain = await makeUser({ mfa: true });
    const noMfaAdmin = await makeUser();
    const memberRole = await db().role.findUniqueOrThrow({ where: { workspaceId_key: { workspaceId: workspace.id, key: "member" } } });
    const superRole = await db().role.findUniqueOrThrow({ where: { workspaceId_key: { workspaceId: workspace.id, key: "superuser" } } });
    await db().membership.createMany({ data: [{ workspaceId: workspace.id, userId: target.id, roleId: memberRole.id }, { workspaceId: workspace.id, userId: plain.id, roleId: memberRole.id }, { workspaceId: workspace.id, userId: noMfaAdmin.id, roleId: superRole.id }] });
    const plainToken = (await enterViaApi((await signInViaApi(plain)).token, workspace)).token;
    const noMfaUserToken = (await signInViaApi(noMfaAdmin)).token;
    const noMfaToken = (await enterViaApi(noMfaUserToken, workspace)).token;

    expect((await reset(target.id, plainToken)).json.error.code).toBe("FORBIDDEN");
    expect((await reset(target.id, noMfaToken)).json.error.code).toBe("MFA_REQUIRED");
    expect((await reset(target.id, noMfaUserToken)).json.error.code).toBe("WORKSPACE_REQUIRED");
    expect(await factors(target)).toBe(1);
  });

  // Threat: an administrator's session left open for an hour after its MFA.
  it("is refused when the administrator's MFA is 11 minutes old, allowed at 9 (clock)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    vi.setSystemTime(start);
    const operator = await makeUser({ mfa: true });
    const target = await makeUser({ mfa: true });
    const fresh = await makeUser({ mfa: true });
    const ws = await makeWorkspace({ members: [[operator, "superuser"], [target, "member"], [fresh, "member"]] });
    const session = await signInViaApi(operator);
    await enterViaApi(session.token, ws);
    vi.setSystemTime(start + 9 * 60_000);
    const atNine = await api.post(refreshRoute, "/uauth/auth/refresh", { json: { refreshToken: session.refreshToken } });
    expect(atNine.status).toBe(200);
    expect((await reset(fresh.id, atNine.json.token)).status).toBe(204);
    vi.setSystemTime(start + 11 * 60_000);
    const atEleven = await api.post(refreshRoute, "/uauth/auth/refresh", { json: { refreshToken: atNine.json.refreshToken } });
    expect(atEleven.status).toBe(200);
    const refused = await reset(target.id, atEleven.json.token);
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: "MFA_REQUIRED", message: expect.stringMatching(/again/) });
    expect(await factors(target)).toBe(1);
  });
});
