// The signed-in user's own sessions (issue 8): what is listed, and that ending one is final on the
// next request whatever its token's remaining lifetime. Driven with an explicit `now`.
import { describe, expect, it } from "vitest";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { auditActions, context, makeUser, makeWorkspace, PASSWORD, type TestUser } from "@/lib/testing/fixtures";
import { loginWithPassword, logout, selectWorkspace } from "./journey";
import { isWorkspacePrincipal, resolveAccessToken } from "./principal";
import { removeMember } from "@/lib/workspaces/members";
import { deviceName, endOtherUserSessions, endUserSession, listUserSessions, listWorkspaceSessions } from "./session-list";

const T0 = new Date("2030-06-01T07:00:00Z");
const minutes = (n: number) => addSeconds(T0, n * 60);
const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

async function signIn(user: TestUser, at: Date, userAgent: string | null, ip = "203.0.113.7") {
  const login = await loginWithPassword({ email: user.email, password: PASSWORD }, { ...context(at, ip), userAgent });
  return { sessionId: login.sessionId, token: login.token };
}

const use = (token: string, now: Date) => resolveAccessToken(token, "127.0.0.1", now, "session");

describe("deviceName", () => {
  it("names the browser and system, or says it does not know", () => {
    expect(deviceName(CHROME_MAC)).toBe("Chrome 131 on macOS");
    expect(deviceName(FIREFOX_WINDOWS)).toBe("Firefox 133 on Windows");
    expect(deviceName(null)).toBe("Unknown device");
    expect(deviceName("curl/8.5.0")).toBe("Unknown device");
  });
});

describe("listUserSessions", () => {
  it("lists only the user's own live sessions, newest activity first, the current one marked", async () => {
    const user = await makeUser();
    const stranger = await makeUser();
    const workspace = await makeWorkspace({ members: [[user, "member"]] });
    const first = await signIn(user, T0, CHROME_MAC);
    const second = await signIn(user, minutes(1), FIREFOX_WINDOWS, "198.51.100.4");
    const third = await signIn(user, minutes(2), null);
    const ended = await signIn(user, minutes(3), CHROME_MAC);
    await signIn(stranger, minutes(3), CHROME_MAC);
    await logout(ended.sessionId, context(minutes(4)));
    await selectWorkspace(second.sessionId, workspace.guid, context(minutes(5)));
    await use(first.token, minutes(6));

    const sessions = await listUserSessions(user.id, second.sessionId, minutes(7));
    expect(sessions).toEqual([
      { id: first.sessionId, current: false, device: "Chrome 131 on macOS", ipAddress: "203.0.113.7", createdAt: T0, lastSeenAt: minutes(6), workspace: null },
      { id: third.sessionId, current: false, device: "Unknown device", ipAddress: "203.0.113.7", createdAt: minutes(2), lastSeenAt: minutes(2), workspace: null },
      { id: second.sessionId, current: true, device: "Firefox 133 on Windows", ipAddress: "198.51.100.4", createdAt: minutes(1), lastSeenAt: minutes(1), workspace: { name: workspace.name, subdomain: workspace.subdomain } },
    ]);
  });

  it("leaves out sessions idle past the timeout", async () => {
    const user = await makeUser();
    const idle = await signIn(user, T0, CHROME_MAC);
    const active = await signIn(user, minutes(30), CHROME_MAC);
    const ids = (await listUserSessions(user.id, active.sessionId, minutes(61))).map((session) => session.id);
    expect(ids).toEqual([active.sessionId]);
    expect(ids).not.toContain(idle.sessionId);
  });
});

describe("endUserSession", () => {
  it("ends one of the user's sessions: its access token is refused on the very next request", async () => {
    // Threat: a session on a lost laptop keeps working for the rest of its token's 10 minutes.
    const user = await makeUser();
    const lost = await signIn(user, T0, CHROME_MAC);
    const here = await signIn(user, minutes(1), FIREFOX_WINDOWS);
    await endUserSession(user.id, lost.sessionId, context(minutes(2)));
    await expect(use(lost.token, minutes(2))).rejects.toMatchObject({ code: "SESSION_ENDED", status: 401 });
    await expect(use(here.token, minutes(2))).resolves.toMatchObject({ sessionId: here.sessionId });
    expect(await auditActions(user.id)).toContain("auth.session.revoked");
    expect(await db().auditEvent.findFirstOrThrow({ where: { actorUserId: user.id, action: "auth.session.revoked" }, select: { targetType: true, targetId: true } })).toEqual({ targetType: "session", targetId: lost.sessionId });
    // Once ended it is gone from the list, and ending it again is 404 like any unknown id.
    expect((await listUserSessions(user.id, here.sessionId, minutes(2))).map((session) => session.id)).toEqual([here.sessionId]);
    await expect(endUserSession(user.id, lost.sessionId, context(minutes(3)))).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
  });

  it("answers 404 for another user's session and leaves it untouched", async () => {
    // Threat: a signed-in user who learnt someone's session id signs them out, or probes that it exists.
    const user = await makeUser();
    const victim = await makeUser();
    const theirs = await signIn(victim, T0, CHROME_MAC);
    await expect(endUserSession(user.id, theirs.sessionId, context(minutes(1)))).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
    await expect(endUserSession(user.id, "no-such-session", context(minutes(1)))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().session.findUniqueOrThrow({ where: { id: theirs.sessionId }, select: { revokedAt: true } })).toEqual({ revokedAt: null });
    await expect(use(theirs.token, minutes(1))).resolves.toMatchObject({ sessionId: theirs.sessionId });
  });
});

describe("endOtherUserSessions", () => {
  it("ends every session but the current one, and audits the count", async () => {
    const user = await makeUser();
    const others = [await signIn(user, T0, CHROME_MAC), await signIn(user, minutes(1), FIREFOX_WINDOWS)];
    const current = await signIn(user, minutes(2), CHROME_MAC);
    expect(await endOtherUserSessions(user.id, current.sessionId, context(minutes(3)))).toEqual({ sessionsEnded: 2 });
    for (const other of others) await expect(use(other.token, minutes(3))).rejects.toMatchObject({ code: "SESSION_ENDED" });
    await expect(use(current.token, minutes(3))).resolves.toMatchObject({ sessionId: current.sessionId });
    const event = await db().auditEvent.findFirstOrThrow({ where: { actorUserId: user.id, action: "auth.session.others_revoked" }, select: { metadata: true } });
    expect(JSON.parse(event.metadata)).toEqual({ sessionsEnded: 2 });
  });
});

describe("listWorkspaceSessions", () => {
  it("lists the members' live sessions inside the workspace, leaving out idle ones and those of a member since removed", async () => {
    const boss = await makeUser();
    const idleMember = await makeUser();
    const removed = await makeUser();
    const workspace = await makeWorkspace({ members: [[boss, "superuser"], [idleMember, "member"], [removed, "member"]] });
    const enter = async (user: TestUser, at: Date) => {
      const { sessionId } = await signIn(user, at, FIREFOX_WINDOWS);
      return { sessionId, token: (await selectWorkspace(sessionId, workspace.guid, context(at))).token };
    };
    const bossSession = await enter(boss, minutes(30));
    await enter(idleMember, T0);
    await enter(removed, minutes(30));
    const admin = await resolveAccessToken(bossSession.token, "127.0.0.1", minutes(40), "workspace");
    if (!isWorkspacePrincipal(admin)) throw new Error("expected a workspace principal");
    await removeMember(admin, removed.id, context(minutes(40)));

    expect(await listWorkspaceSessions(admin, minutes(61))).toEqual([
      {
        id: bossSession.sessionId,
        member: { id: boss.id, email: boss.email, name: null },
        device: "Firefox 133 on Windows",
        ipAddress: "203.0.113.7",
        createdAt: minutes(30),
        lastSeenAt: minutes(40),
        own: true,
        endable: true,
      },
    ]);
  });
});
