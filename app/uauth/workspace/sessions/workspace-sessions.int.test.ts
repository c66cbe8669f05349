// A workspace's session administration (ROLE_ADMIN_SESSIONS) through the route handlers, no
// middleware in front, on SQLite and PostgreSQL, from the attacker's side: another workspace's
// sessions and tokens, sessions that have left, members without the authority, members holding
// more than the caller, and a revocation landing while a request of that session is in flight.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as logoutRoute } from "@/app/uauth/auth/logout/route";
import { POST as reauthRoute } from "@/app/uauth/auth/reauth/route";
import { GET as meRoute } from "@/app/uauth/me/route";
import { DELETE as endMemberRoute } from "@/app/uauth/workspace/members/[userId]/sessions/route";
import { DELETE as endRoute } from "@/app/uauth/workspace/sessions/[id]/route";
import { GET as listRoute } from "@/app/uauth/workspace/sessions/route";
import { POST as createRoleRoute } from "@/app/uauth/workspace/roles/route";
import { type Authority } from "@/lib/auth/authorities";
import { db } from "@/lib/db/client";
import { addMember } from "@/lib/workspaces";
import { api, call, enterViaApi, inspectToken, makeUser, makeWorkspace, PASSWORD, provenPeerHeaders, signInViaApi, unique, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";

const SESSIONS = "/uauth/workspace/sessions";

const list = (token: string) => api.get(listRoute, SESSIONS, { token });
const end = (token: string, id: string) => call(endRoute, "DELETE", `${SESSIONS}/${id}`, { token, params: { id } });
const endMember = (token: string, userId: number) => call(endMemberRoute, "DELETE", `/uauth/workspace/members/${userId}/sessions`, { token, params: { userId: String(userId) } });
const me = (token: string) => api.get(meRoute, "/uauth/me", { token });
const sidOf = (token: string) => inspectToken(token).claims.sid as string;
const listedIds = async (token: string): Promise<string[]> => (await list(token)).json.sessions.map((session: { id: string }) => session.id);

/** A new session of `user` inside `workspace`: its workspace token. */
async function sessionIn(user: TestUser, workspace: TestWorkspace): Promise<string> {
  return (await enterViaApi((await signInViaApi(user)).token, workspace)).token;
}

let a: TestWorkspace;
let b: TestWorkspace;
let bossA: TestUser;
let tokenA: string;
let tokenB: string;

/** A custom role of workspace A holding exactly `authorities`, made by its superuser. */
async function roleInA(authorities: Authority[]): Promise<string> {
  const key = unique("role-");
  const created = await api.post(createRoleRoute, "/uauth/workspace/roles", { token: tokenA, json: { key, name: key, authorities } });
  if (created.status !== 201) throw new Error(`creating role ${key} failed: ${created.status} ${JSON.stringify(created.json)}`);
  return key;
}

/** A new member of A with role `roleKey`, and a session of theirs inside A. */
async function memberOfA(roleKey: string): Promise<{ user: TestUser; token: string }> {
  const user = await makeUser();
  await addMember({ workspaceId: a.id, userId: user.id, roleKey });
  return { user, token: await sessionIn(user, a) };
}

/** A new member of both A and B (no session yet). */
async function memberOfBoth(): Promise<TestUser> {
  const user = await makeUser();
  for (const workspace of [a, b]) await addMember({ workspaceId: workspace.id, userId: user.id, roleKey: "member" });
  return user;
}

beforeAll(async () => {
  bossA = await makeUser();
  const bossB = await makeUser();
  a = await makeWorkspace({ members: [[bossA, "superuser"]] });
  b = await makeWorkspace({ members: [[bossB, "superuser"]] });
  tokenA = await sessionIn(bossA, a);
  tokenB = await sessionIn(bossB, b);
});

describe("GET /uauth/workspace/sessions", () => {
  it("lists the live sessions inside this workspace with their member, and nothing of another workspace", async () => {
    const both = await memberOfBoth();
    const inA = await sessionIn(both, a);
    const inB = await sessionIn(both, b);
    const notEntered = (await signInViaApi(both)).token;

    const listed = await list(tokenA);
    expect(listed.status).toBe(200);
    const ids = listed.json.sessions.map((session: { id: string }) => session.id);
    expect(ids).toContain(sidOf(inA));
    expect(ids).not.toContain(sidOf(inB));
    expect(ids).not.toContain(sidOf(notEntered));
    const row = listed.json.sessions.find((session: { id: string }) => session.id === sidOf(inA));
    expect(Object.keys(row).sort()).toEqual(["createdAt", "device", "endable", "id", "ipAddress", "lastSeenAt", "member", "own"]);
    expect(row).toMatchObject({ member: { id: both.id, email: both.email, name: null }, own: false, endable: true, ipAddress: "127.0.0.1", device: expect.any(String) });
    expect(listed.json.sessions.find((session: { id: string }) => session.id === sidOf(tokenA))).toMatchObject({ member: { id: bossA.id }, own: true });

    // B's administrator sees B's session of the same person, never A's.
    const idsB = await listedIds(tokenB);
    expect(idsB).toContain(sidOf(inB));
    expect(idsB).not.toContain(sidOf(inA));
  });

  it("leaves out a session that has switched to another workspace, and one that signed out", async () => {
    const both = await memberOfBoth();
    const switched = await sessionIn(both, a);
    await enterViaApi(switched, b);
    const left = await memberOfA("member");
    expect((await api.post(logoutRoute, "/uauth/auth/logout", { token: left.token })).status).toBe(204);
    const ids = await listedIds(tokenA);
    expect(ids).not.toContain(sidOf(switched));
    expect(ids).not.toContain(sidOf(left.token));
  });
});

describe("DELETE /uauth/workspace/sessions/{id}", () => {
  it("ends a member's session: 204, its very next request is 401 SESSION_ENDED, and the admin's event names the workspace", async () => {
    // Threat: a member's stolen token keeps working until it expires, whatever the admin does.
    const member = await memberOfA("member");
    const other = (await signInViaApi(member.user)).token;
    expect((await me(member.token)).status).toBe(200);
    const ended = await end(tokenA, sidOf(member.token));
    expect(ended.status).toBe(204);
    const next = await me(member.token);
    expect(next.status).toBe(401);
    expect(next.json.error.code).toBe("SESSION_ENDED");
    // Only that session: the member's session outside the workspace goes on.
    expect((await me(other)).status).toBe(200);
    expect(await db().session.findUniqueOrThrow({ where: { id: sidOf(member.token) }, select: { revokedReason: true } })).toEqual({ revokedReason: "ADMIN" });
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "auth.session.revoked", targetId: sidOf(member.token) }, select: { actorUserId: true, workspaceId: true, targetType: true } });
    expect(event).toEqual({ actorUserId: bossA.id, workspaceId: a.id, targetType: "session" });
    // Ended is ended: a second try finds nothing.
    expect((await end(tokenA, sidOf(member.token))).status).toBe(404);
  });

  it("answers 404 for another workspace's session with A's token, and for A's session with B's token; both keep working", async () => {
    // Threat: workspace A's administrator ends (or learns of) sessions in workspace B by id, and the reverse.
    const memberOfB = await makeUser();
    await addMember({ workspaceId: b.id, userId: memberOfB.id, roleKey: "member" });
    const inB = await sessionIn(memberOfB, b);
    const member = await memberOfA("member");
    for (const [token, sessionToken] of [
      [tokenA, inB],
      [tokenB, member.token],
    ] as const) {
      const refused = await end(token, sidOf(sessionToken));
      expect(refused.status).toBe(404);
      expect(refused.json.error.code).toBe("NOT_FOUND");
    }
    expect((await end(tokenA, "no-such-session")).status).toBe(404);
    expect((await me(inB)).status).toBe(200);
    expect((await me(member.token)).status).toBe(200);
  });

  it("answers 404 for a session that has left the workspace (switched away), which keeps working where it went", async () => {
    const both = await memberOfBoth();
    const inA = await sessionIn(both, a);
    const nowInB = (await enterViaApi(inA, b)).token;
    expect((await end(tokenA, sidOf(inA))).status).toBe(404);
    expect((await me(nowInB)).status).toBe(200);
  });

  it("refuses a member without ROLE_ADMIN_SESSIONS (403 on every route) and a token outside any workspace", async () => {
    const plain = await memberOfA("member");
    const victim = await memberOfA("member");
    for (const refused of [await list(plain.token), await end(plain.token, sidOf(victim.token)), await endMember(plain.token, victim.user.id)]) {
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe("FORBIDDEN");
    }
    const userToken = (await signInViaApi(bossA)).token;
    const noWorkspace = await list(userToken);
    expect(noWorkspace.status).toBe(403);
    expect(noWorkspace.json.error.code).toBe("WORKSPACE_REQUIRED");
    expect((await me(victim.token)).status).toBe(200);
  });

  it("refuses (403) ending a session of a member whose role holds an authority the caller does not, and says so in the list", async () => {
    // Threat: a sessions administrator signing the workspace's superuser out, over and over.
    const admin = await memberOfA(await roleInA(["ROLE_ADMIN_SESSIONS", "ROLE_CRM_SHOW", "ROLE_CRM_EDIT", "ROLE_ERP_SHOW", "ROLE_ANALYTICS_SHOW"]));
    const member = await memberOfA("member");
    const listed = (await list(admin.token)).json.sessions;
    expect(listed.find((session: { id: string }) => session.id === sidOf(tokenA)).endable).toBe(false);
    expect(listed.find((session: { id: string }) => session.id === sidOf(member.token)).endable).toBe(true);
    for (const refused of [await end(admin.token, sidOf(tokenA)), await endMember(admin.token, bossA.id)]) {
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe("FORBIDDEN");
    }
    expect((await me(tokenA)).status).toBe(200);
    // A member holding no more than the admin: ended.
    expect((await end(admin.token, sidOf(member.token))).status).toBe(204);
    expect((await me(member.token)).status).toBe(401);
  });
});

describe("DELETE /uauth/workspace/members/{userId}/sessions", () => {
  it("ends every session of the member inside this workspace, and only those", async () => {
    const both = await memberOfBoth();
    const first = await sessionIn(both, a);
    const second = await sessionIn(both, a);
    const inB = await sessionIn(both, b);
    const ended = await endMember(tokenA, both.id);
    expect(ended.status).toBe(200);
    expect(ended.json).toEqual({ sessionsEnded: 2 });
    for (const token of [first, second]) expect((await me(token)).json.error.code).toBe("SESSION_ENDED");
    expect((await me(inB)).status).toBe(200);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "workspace.member.sessions_ended", targetId: String(both.id) }, select: { actorUserId: true, workspaceId: true, metadata: true } });
    expect(event).toMatchObject({ actorUserId: bossA.id, workspaceId: a.id });
    expect(JSON.parse(event.metadata)).toEqual({ sessionsEnded: 2 });
  });

  it("answers 404 for someone who is not a member of this workspace (a member of B only, an unknown id)", async () => {
    const memberOfB = await makeUser();
    await addMember({ workspaceId: b.id, userId: memberOfB.id, roleKey: "member" });
    const inB = await sessionIn(memberOfB, b);
    expect((await endMember(tokenA, memberOfB.id)).status).toBe(404);
    expect((await endMember(tokenA, 999_999)).status).toBe(404);
    expect((await endMember(tokenA, Number.NaN)).status).toBe(404);
    expect((await me(inB)).status).toBe(200);
  });
});

describe("a session revoked while one of its requests is in flight", () => {
  it("refuses the next request after the revocation, and the in-flight request's own write", async () => {
    // Threat: a request racing the revocation keeps the session alive, or a later one slips through.
    const member = await memberOfA("member");
    // POST /uauth/auth/reauth authenticates first, then reads its body: a body held back keeps the
    // request in flight, its principal resolved while the session was live, for as long as we like.
    let authenticated!: () => void;
    const resolved = new Promise<void>((resolve) => (authenticated = resolve));
    let sendBody!: () => void;
    const bodyReleased = new Promise<void>((resolve) => (sendBody = resolve));
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          authenticated();
          await bodyReleased;
          controller.enqueue(new TextEncoder().encode(JSON.stringify({ password: PASSWORD })));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const headers = { ...(await provenPeerHeaders("127.0.0.1")), authorization: `Bearer ${member.token}`, "content-type": "application/json" };
    const inFlight = reauthRoute(new Request("http://localhost:3000/uauth/auth/reauth", { method: "POST", headers, body, duplex: "half" } as RequestInit));

    await resolved;
    expect((await end(tokenA, sidOf(member.token))).status).toBe(204);
    sendBody();

    const late = await inFlight;
    expect(late.status).toBe(401);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe("SESSION_ENDED");
    expect(await db().session.findUniqueOrThrow({ where: { id: sidOf(member.token) }, select: { passwordVerifiedAt: true } })).toEqual({ passwordVerifiedAt: null });
    const next = await me(member.token);
    expect(next.status).toBe(401);
    expect(next.json.error.code).toBe("SESSION_ENDED");
  });
});
