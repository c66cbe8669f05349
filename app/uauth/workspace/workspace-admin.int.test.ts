// Workspace administration (members, invitations, roles) through the route handlers with no
// middleware in front, on SQLite and PostgreSQL, from the attacker's side: another tenant's ids,
// members without the authority, tokens of the wrong stage or of ended sessions, escalation past
// one's own authorities, and the last superuser.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as loginRoute } from "@/app/uauth/auth/login/user/route";
import { POST as logoutRoute } from "@/app/uauth/auth/logout/route";
import { GET as meRoute } from "@/app/uauth/me/route";
import { DELETE as removeRoute, PATCH as changeRoute } from "@/app/uauth/workspace/members/[userId]/route";
import { GET as membersRoute, POST as inviteRoute } from "@/app/uauth/workspace/members/route";
import { DELETE as deleteRoleRoute, PATCH as patchRoleRoute } from "@/app/uauth/workspace/roles/[id]/route";
import { GET as rolesRoute, POST as createRoleRoute } from "@/app/uauth/workspace/roles/route";
import { type Authority } from "@/lib/auth/authorities";
import { db } from "@/lib/db/client";
import { addMember } from "@/lib/workspaces";
import { api, call, enterViaApi, LOGIN_PATH, makeUser, makeWorkspace, roleOf, signInViaApi, unique, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";

const MEMBERS = "/uauth/workspace/members";
const ROLES = "/uauth/workspace/roles";

const listMembers = (token: string) => api.get(membersRoute, MEMBERS, { token });
const invite = (token: string, json: unknown) => api.post(inviteRoute, MEMBERS, { token, json });
const changeRole = (token: string, userId: number, roleId: number) => call(changeRoute, "PATCH", `${MEMBERS}/${userId}`, { token, json: { roleId }, params: { userId: String(userId) } });
const remove = (token: string, userId: number) => call(removeRoute, "DELETE", `${MEMBERS}/${userId}`, { token, params: { userId: String(userId) } });
const listRoles = (token: string) => api.get(rolesRoute, ROLES, { token });
const createRole = (token: string, json: unknown) => api.post(createRoleRoute, ROLES, { token, json });
const patchRole = (token: string, id: number, json: unknown) => call(patchRoleRoute, "PATCH", `${ROLES}/${id}`, { token, json, params: { id: String(id) } });
const deleteRole = (token: string, id: number) => call(deleteRoleRoute, "DELETE", `${ROLES}/${id}`, { token, params: { id: String(id) } });

/** A workspace token of `user` in `workspace`. */
async function tokenIn(user: TestUser, workspace: TestWorkspace): Promise<string> {
  return (await enterViaApi((await signInViaApi(user)).token, workspace)).token;
}

/** A custom role of workspace A (or B) holding exactly `authorities`, made by its superuser through the API. */
async function customRole(workspace: TestWorkspace, authorities: Authority[]): Promise<{ id: number; key: string; name: string }> {
  const key = unique("role-");
  const res = await createRole(workspace === b ? tokenB : tokenA, { key, name: key, authorities });
  if (res.status !== 201) throw new Error(`creating role ${key} failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

/** A new member of `workspace` with role `roleKey`, and their workspace token. */
async function memberWith(workspace: TestWorkspace, roleKey: string): Promise<{ user: TestUser; token: string }> {
  const user = await makeUser();
  await addMember({ workspaceId: workspace.id, userId: user.id, roleKey });
  return { user, token: await tokenIn(user, workspace) };
}

let a: TestWorkspace;
let b: TestWorkspace;
let bossA: TestUser;
let bossB: TestUser;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  bossA = await makeUser();
  bossB = await makeUser();
  a = await makeWorkspace({ members: [[bossA, "superuser"]] });
  b = await makeWorkspace({ members: [[bossB, "superuser"]] });
  tokenA = await tokenIn(bossA, a);
  tokenB = await tokenIn(bossB, b);
});

describe("members: listing and inviting", () => {
  it("lists the members with their role and the pending invitations, nothing of another tenant", async () => {
    const analyst = await roleOf(a, "analyst");
    const email = `${unique("new")}@example.test`;
    const invited = await invite(tokenA, { email, roleId: analyst.id });
    expect(invited.status).toBe(201);
    expect(Object.keys(invited.json).sort()).toEqual(["email", "expiresAt", "id", "status"]);
    expect(invited.json).toMatchObject({ email, status: "queued" });
    await invite(tokenB, { email: `${unique("b-only")}@example.test`, roleId: (await roleOf(b, "member")).id });

    const res = await listMembers(tokenA);
    expect(res.status).toBe(200);
    const boss = res.json.members.find((m: { userId: number }) => m.userId === bossA.id);
    expect(boss).toMatchObject({ email: bossA.email, role: { key: "superuser", name: "Superuser" } });
    expect(Object.keys(boss).sort()).toEqual(["email", "joinedAt", "name", "role", "userId"]);
    expect(res.json.members.map((m: { userId: number }) => m.userId)).not.toContain(bossB.id);
    expect(res.json.invitations.map((i: { email: string }) => i.email)).toEqual(expect.arrayContaining([email]));
    expect(JSON.stringify(res.json)).not.toContain("b-only");
    expect(JSON.stringify(res.json)).not.toMatch(/token|hash/i);
  });

  it("writes the invitation and its e-mail together, in this workspace, with an audit event", async () => {
    const email = `${unique("mail")}@example.test`;
    const res = await invite(tokenA, { email, roleId: (await roleOf(a, "member")).id });
    const row = await db().invitation.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(row.workspaceId).toBe(a.id);
    const mail = await db().outboxEmail.findUniqueOrThrow({ where: { id: row.emailId! } });
    expect(mail).toMatchObject({ to: email, template: "invitation", workspaceId: a.id });
    expect(await db().auditEvent.count({ where: { action: "invitation.created", workspaceId: a.id, targetId: String(row.id), actorUserId: bossA.id } })).toBe(1);
  });

  it("refuses a second pending invitation and an address that is already a member (409)", async () => {
    const email = `${unique("twice")}@example.test`;
    const roleId = (await roleOf(a, "member")).id;
    expect((await invite(tokenA, { email, roleId })).status).toBe(201);
    expect((await invite(tokenA, { email: email.toUpperCase(), roleId })).status).toBe(409);
    const res = await invite(tokenA, { email: bossA.email, roleId });
    expect(res.status).toBe(409);
  });

  it("cross-tenant role: another workspace's roleId cannot be granted by an invitation (404)", async () => {
    const res = await invite(tokenA, { email: `${unique("x")}@example.test`, roleId: (await roleOf(b, "superuser")).id });
    expect(res.status).toBe(404);
    expect(await db().invitation.count({ where: { workspaceId: a.id, roleId: (await roleOf(b, "superuser")).id } })).toBe(0);
  });

  it("escalation: an inviter cannot invite into a role holding authorities they lack (403)", async () => {
    const inviterRole = await customRole(a, ["ROLE_ADMIN_INVITEUSER", "ROLE_CRM_SHOW"]);
    const inviter = await memberWith(a, inviterRole.key);
    const email = `${unique("esc")}@example.test`;
    expect((await invite(inviter.token, { email, roleId: (await roleOf(a, "superuser")).id })).status).toBe(403);
    expect((await invite(inviter.token, { email, roleId: inviterRole.id })).status).toBe(201);
    expect(await db().invitation.count({ where: { email } })).toBe(1);
  });

  it("bad input is 400 before anything is written", async () => {
    expect((await invite(tokenA, { email: "not-an-address", roleId: 1 })).status).toBe(400);
    expect((await invite(tokenA, { email: "x@example.test", roleId: "1" })).status).toBe(400);
    expect((await invite(tokenA, { email: "x@example.test", roleId: 1, extra: true })).status).toBe(400);
  });
});

describe("cross-tenant: a superuser of A can neither see nor change B", () => {
  it("B's members are 404 to A's superuser, for role changes and removal alike", async () => {
    const victim = await memberWith(b, "member");
    expect((await changeRole(tokenA, victim.user.id, (await roleOf(a, "analyst")).id)).status).toBe(404);
    expect((await changeRole(tokenA, victim.user.id, (await roleOf(b, "analyst")).id)).status).toBe(404);
    expect((await remove(tokenA, victim.user.id)).status).toBe(404);
    expect((await remove(tokenA, bossB.id)).status).toBe(404);
    const still = await db().membership.findUniqueOrThrow({ where: { workspaceId_userId: { workspaceId: b.id, userId: victim.user.id } } });
    expect(still.roleId).toBe((await roleOf(b, "member")).id);
    expect((await listMembers(victim.token)).status).toBe(403);
  });

  it("A's member cannot be given B's role (404), and B's roles are 404 to A", async () => {
    const mine = await memberWith(a, "member");
    expect((await changeRole(tokenA, mine.user.id, (await roleOf(b, "superuser")).id)).status).toBe(404);
    const roleOfB = await customRole(b, ["ROLE_CRM_SHOW"]);
    expect((await patchRole(tokenA, roleOfB.id, { name: "Pwned" })).status).toBe(404);
    expect((await deleteRole(tokenA, roleOfB.id)).status).toBe(404);
    expect((await db().role.findUniqueOrThrow({ where: { id: roleOfB.id } })).name).toBe(roleOfB.key);
    const roles = await listRoles(tokenA);
    expect(roles.json.items.map((r: { id: number }) => r.id)).not.toContain(roleOfB.id);
  });

  it("B's invitations are not listed to A", async () => {
    const email = `${unique("only-b")}@example.test`;
    expect((await invite(tokenB, { email, roleId: (await roleOf(b, "member")).id })).status).toBe(201);
    expect(JSON.stringify((await listMembers(tokenA)).json)).not.toContain(email);
  });

  it("a malformed or unknown id is 404 like another tenant's", async () => {
    expect((await call(removeRoute, "DELETE", `${MEMBERS}/abc`, { token: tokenA, params: { userId: "abc" } })).status).toBe(404);
    expect((await remove(tokenA, 999_999)).status).toBe(404);
    expect((await deleteRole(tokenA, 999_999)).status).toBe(404);
  });
});

describe("who may call", () => {
  it("a member without the authority is refused on every route (403)", async () => {
    const { user, token } = await memberWith(a, "analyst");
    const roleId = (await roleOf(a, "member")).id;
    const refused = [
      await listMembers(token),
      await invite(token, { email: `${unique("n")}@example.test`, roleId }),
      await changeRole(token, user.id, roleId),
      await remove(token, bossA.id),
      await listRoles(token),
      await createRole(token, { key: unique("r-"), name: "R", authorities: [] }),
      await patchRole(token, roleId, { name: "R" }),
      await deleteRole(token, roleId),
    ];
    expect(refused.map((res) => res.status)).toEqual(Array(8).fill(403));
  });

  it("an MFA-pending token, a user-stage token and a revoked session's token are refused", async () => {
    const mfaUser = await makeUser({ mfa: true });
    await addMember({ workspaceId: a.id, userId: mfaUser.id, roleKey: "superuser" });
    const pending = await api.post(loginRoute, LOGIN_PATH, { json: { username: mfaUser.email, password: mfaUser.password } });
    expect(pending.json.mfaMethods).toEqual(["TOTP_AUTHENTICATOR"]);
    const mfaPending = await listMembers(pending.json.token);
    expect([mfaPending.status, mfaPending.json.error.code]).toEqual([403, "MFA_REQUIRED"]);

    const userStage = (await signInViaApi(bossA)).token;
    expect((await listMembers(userStage)).status).toBe(403);
    expect((await remove(userStage, mfaUser.id)).status).toBe(403);

    const revoked = await tokenIn(bossA, a);
    expect((await api.post(logoutRoute, "/uauth/auth/logout", { token: revoked })).status).toBe(204);
    expect((await listMembers(revoked)).status).toBe(401);
    expect((await remove(revoked, mfaUser.id)).status).toBe(401);
    expect((await listMembers("")).status).toBe(401);
  });
});

describe("changing roles and removing members", () => {
  it("a role change takes effect on the member's next request, with an audit event", async () => {
    const { user, token } = await memberWith(a, "member");
    expect((await listMembers(token)).status).toBe(403);
    const editor = await customRole(a, ["ROLE_ADMIN_EDITUSER"]);
    const res = await changeRole(tokenA, user.id, editor.id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ userId: user.id, email: user.email, role: { id: editor.id, key: editor.key } });
    expect((await listMembers(token)).status).toBe(200);
    expect(await db().auditEvent.count({ where: { action: "workspace.member.role_changed", workspaceId: a.id, targetId: String(user.id) } })).toBe(1);
  });

  it("a removed member's workspace token is refused on their next request", async () => {
    const { user, token } = await memberWith(a, "superuser");
    expect((await listMembers(token)).status).toBe(200);
    expect((await remove(tokenA, user.id)).status).toBe(204);
    const after = await api.get(meRoute, "/uauth/me", { token });
    expect(after.status).toBe(403);
    expect(after.json.error.code).toBe("NOT_A_MEMBER");
    expect((await listMembers(token)).status).toBe(403);
    expect(await db().auditEvent.count({ where: { action: "workspace.member.removed", workspaceId: a.id, targetId: String(user.id), actorUserId: bossA.id } })).toBe(1);
  });

  it("escalation: an editor cannot give anyone (themselves included) more than they hold, nor act on a superuser", async () => {
    const editorRole = await customRole(a, ["ROLE_ADMIN_EDITUSER", "ROLE_ADMIN_REMOVEUSER"]);
    const editor = await memberWith(a, editorRole.key);
    const superuser = (await roleOf(a, "superuser")).id;
    expect((await changeRole(editor.token, editor.user.id, superuser)).status).toBe(403);
    const plain = await customRole(a, ["ROLE_ADMIN_EDITUSER"]);
    const peer = await memberWith(a, plain.key);
    expect((await changeRole(editor.token, peer.user.id, superuser)).status).toBe(403);
    const richer = await memberWith(a, "member");
    expect((await changeRole(editor.token, richer.user.id, plain.id)).status).toBe(403);
    const second = await memberWith(a, "superuser");
    expect((await changeRole(editor.token, second.user.id, editorRole.id)).status).toBe(403);
    expect((await remove(editor.token, second.user.id)).status).toBe(403);
    expect((await db().membership.findUniqueOrThrow({ where: { workspaceId_userId: { workspaceId: a.id, userId: second.user.id } } })).roleId).toBe(superuser);
    expect((await changeRole(editor.token, peer.user.id, editorRole.id)).status).toBe(200);
  });

  it("last superuser: the only superuser can be neither demoted nor removed (409)", async () => {
    const boss = await makeUser();
    const solo = await makeWorkspace({ members: [[boss, "superuser"]] });
    const token = await tokenIn(boss, solo);
    expect((await changeRole(token, boss.id, (await roleOf(solo, "member")).id)).status).toBe(409);
    expect((await remove(token, boss.id)).status).toBe(409);
    expect((await changeRole(token, boss.id, (await roleOf(solo, "superuser")).id)).status).toBe(200);
    expect((await listMembers(token)).status).toBe(200);
  });

  it("last superuser: a member who may not act on the superuser is refused 403, learning nothing about who is the last one", async () => {
    const boss = await makeUser();
    const solo = await makeWorkspace({ members: [[boss, "superuser"]] });
    const bossToken = await tokenIn(boss, solo);
    const editorRole = (await createRole(bossToken, { key: unique("editor-"), name: "Editor", authorities: ["ROLE_ADMIN_EDITUSER", "ROLE_ADMIN_REMOVEUSER"] })).json as { id: number; key: string };
    const editor = await memberWith(solo, editorRole.key);
    for (const res of [await changeRole(editor.token, boss.id, editorRole.id), await remove(editor.token, boss.id)]) {
      expect(res.status).toBe(403);
      expect(res.json.error.message).not.toMatch(/superuser/i);
    }
  });

  it("last superuser: two superusers demoting each other at the same instant leave one superuser", async () => {
    const one = await makeUser();
    const two = await makeUser();
    const pair = await makeWorkspace({ members: [[one, "superuser"], [two, "superuser"]] });
    const [tokenOne, tokenTwo] = [await tokenIn(one, pair), await tokenIn(two, pair)];
    const member = (await roleOf(pair, "member")).id;
    const results = await Promise.all([changeRole(tokenOne, two.id, member), changeRole(tokenTwo, one.id, member)]);
    // The loser is refused either by the invariant (409) or, when the winner committed before
    // its request was authorised, because it is no longer a superuser (403).
    expect(results.map((res) => res.status).sort()).toEqual([200, expect.any(Number)]);
    expect([403, 409]).toContain(results.map((res) => res.status).sort()[1]);
    const superuser = (await roleOf(pair, "superuser")).id;
    expect(await db().membership.count({ where: { workspaceId: pair.id, roleId: superuser } })).toBe(1);
  });

  it("last superuser: two superusers removing each other at the same instant leave one", async () => {
    const one = await makeUser();
    const two = await makeUser();
    const pair = await makeWorkspace({ members: [[one, "superuser"], [two, "superuser"]] });
    const [tokenOne, tokenTwo] = [await tokenIn(one, pair), await tokenIn(two, pair)];
    const results = await Promise.all([remove(tokenOne, two.id), remove(tokenTwo, one.id)]);
    expect(results.map((res) => res.status).sort()[0]).toBe(204);
    expect([403, 409]).toContain(results.map((res) => res.status).sort()[1]);
    expect(await db().membership.count({ where: { workspaceId: pair.id, roleId: (await roleOf(pair, "superuser")).id } })).toBe(1);
  });
});

describe("roles", () => {
  it("lists every role with its authorities, and creates a custom one with an audit event", async () => {
    const list = await listRoles(tokenA);
    expect(list.status).toBe(200);
    expect(list.json.items.find((r: { key: string }) => r.key === "superuser")).toMatchObject({ builtIn: true, name: "Superuser" });
    expect(Object.keys(list.json.items[0]).sort()).toEqual(["authorities", "builtIn", "id", "key", "name"]);
    const key = unique("sales-");
    const res = await createRole(tokenA, { key, name: "Sales", authorities: ["ROLE_CRM_SHOW", "ROLE_CRM_EDIT", "ROLE_CRM_SHOW"] });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ key, name: "Sales", authorities: ["ROLE_CRM_EDIT", "ROLE_CRM_SHOW"], builtIn: false });
    expect(await db().auditEvent.count({ where: { action: "workspace.role.created", workspaceId: a.id, targetId: String(res.json.id) } })).toBe(1);
    expect((await createRole(tokenA, { key, name: "Again", authorities: [] })).status).toBe(409);
    expect((await createRole(tokenB, { key, name: "Same key elsewhere", authorities: [] })).status).toBe(201);
  });

  it("refuses authorities outside the catalogue (400) and beyond the caller's own (403)", async () => {
    expect((await createRole(tokenA, { key: unique("r-"), name: "X", authorities: ["ROLE_GOD"] })).status).toBe(400);
    const rolesAdmin = await customRole(a, ["ROLE_ADMIN_ROLES", "ROLE_CRM_SHOW"]);
    const { token } = await memberWith(a, rolesAdmin.key);
    expect((await createRole(token, { key: unique("r-"), name: "X", authorities: ["ROLE_API_CREATE"] })).status).toBe(403);
    const made = await createRole(token, { key: unique("r-"), name: "X", authorities: ["ROLE_CRM_SHOW"] });
    expect(made.status).toBe(201);
    expect((await patchRole(token, made.json.id, { authorities: ["ROLE_CRM_SHOW", "ROLE_ADMIN_SETTINGS"] })).status).toBe(403);
    // Its own role is within what it holds; adding to it would be escalation.
    expect((await patchRole(token, rolesAdmin.id, { authorities: ["ROLE_ADMIN_ROLES", "ROLE_CRM_SHOW", "ROLE_API_CREATE"] })).status).toBe(403);
    const full = await customRole(a, ["ROLE_ADMIN_SETTINGS"]);
    expect((await patchRole(token, full.id, { authorities: [] })).status).toBe(403);
    expect((await deleteRole(token, full.id)).status).toBe(403);
  });

  it("a role change reaches its members on their next request", async () => {
    const role = await customRole(a, ["ROLE_CRM_SHOW"]);
    const { token } = await memberWith(a, role.key);
    expect((await listRoles(token)).status).toBe(403);
    const res = await patchRole(tokenA, role.id, { name: "Renamed", authorities: ["ROLE_ADMIN_ROLES"] });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "Renamed", authorities: ["ROLE_ADMIN_ROLES"] });
    expect((await listRoles(token)).status).toBe(200);
  });

  it("built-in roles cannot be edited or deleted, and a role in use cannot be deleted (409)", async () => {
    const superuser = await roleOf(a, "superuser");
    expect((await patchRole(tokenA, superuser.id, { authorities: [] })).status).toBe(409);
    expect((await deleteRole(tokenA, superuser.id)).status).toBe(409);
    const used = await customRole(a, ["ROLE_CRM_SHOW"]);
    await memberWith(a, used.key);
    expect((await deleteRole(tokenA, used.id)).status).toBe(409);
    const invited = await customRole(a, ["ROLE_CRM_SHOW"]);
    expect((await invite(tokenA, { email: `${unique("r")}@example.test`, roleId: invited.id })).status).toBe(201);
    expect((await deleteRole(tokenA, invited.id)).status).toBe(409);
    const unused = await customRole(a, ["ROLE_CRM_SHOW"]);
    expect((await deleteRole(tokenA, unused.id)).status).toBe(204);
    expect(await db().role.count({ where: { id: unused.id } })).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "workspace.role.deleted", workspaceId: a.id, targetId: String(unused.id) } })).toBe(1);
  });
});
