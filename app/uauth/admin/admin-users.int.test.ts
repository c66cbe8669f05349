// The landlord's users and audit log, through the route handlers with no middleware in front, on
// SQLite and PostgreSQL: search, ending every session, resetting MFA (fresh MFA by the clock), and
// the audit log with its filters and CSV export. Everyone but a landlord past MFA is refused.
import { outboxProps } from "@/lib/email/outbox";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as auditRoute } from "@/app/uauth/admin/audit/route";
import { DELETE as mfaRoute } from "@/app/uauth/admin/users/[id]/mfa/route";
import { DELETE as sessionsRoute } from "@/app/uauth/admin/users/[id]/sessions/route";
import { GET as usersRoute } from "@/app/uauth/admin/users/route";
import { POST as refreshRoute } from "@/app/uauth/auth/refresh/route";
import { GET as meRoute } from "@/app/uauth/me/route";
import { beginTotpEnrollment } from "@/lib/auth/mfa";
import { db } from "@/lib/db/client";
import { api, call, enterViaApi, loginViaApi, makeUser, makeWorkspace, provenPeerHeaders, signInViaApi, unique, type RouteHandler, type TestUser, notLandlordCallers, type RefusedCaller } from "@/lib/testing/fixtures";

let landlord: TestUser;
let landlordToken: string;

beforeAll(async () => {
  landlord = await makeUser({ landlord: true, mfa: true });
  landlordToken = (await signInViaApi(landlord)).token;
});

afterEach(() => {
  vi.useRealTimers();
});

const users = (query: string, token = landlordToken) => api.get(usersRoute, `/uauth/admin/users${query}`, { token });
const endSessions = (id: number | string, token = landlordToken) => call(sessionsRoute, "DELETE", `/uauth/admin/users/${id}/sessions`, { token, params: { id: String(id) } });
const resetMfa = (id: number | string, token = landlordToken) => call(mfaRoute, "DELETE", `/uauth/admin/users/${id}/mfa`, { token, params: { id: String(id) } });
const audit = (query: string, token = landlordToken) => api.get(auditRoute, `/uauth/admin/audit${query}`, { token });
const me = (token: string) => api.get(meRoute, "/uauth/me", { token });
const refresh = (refreshToken: string) => api.post(refreshRoute, "/uauth/auth/refresh", { json: { refreshToken } });

/** The audit route answered as text (the CSV export), with its headers. */
async function auditText(query: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; text: string; total: string | null }> {
  const request = new Request(new URL(`/uauth/admin/audit${query}`, "http://localhost:3000"), { headers: { ...(await provenPeerHeaders("127.0.0.1")), authorization: `Bearer ${landlordToken}`, ...headers } });
  const response = await auditRoute(request);
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text(), total: response.headers.get("x-total-count") };
}

/** The two-step verification notices queued for `email`, oldest first (`enabled` comes from makeUser's set-up). */
async function mfaNotices(email: string): Promise<string[]> {
  const rows = await db().outboxEmail.findMany({ where: { to: email, template: "mfa-changed" }, orderBy: { id: "asc" }, select: { to: true, template: true, payload: true } });
  return rows.map((row) => (outboxProps(row) as { change: string }).change);
}

describe("who may use the users and audit routes", () => {
  const routes: Array<{ name: string; handler: RouteHandler; method: string; path: string; params?: Record<string, string> }> = [
    { name: "GET users", handler: usersRoute, method: "GET", path: "/uauth/admin/users" },
    { name: "DELETE sessions", handler: sessionsRoute, method: "DELETE", path: "/uauth/admin/users/1/sessions", params: { id: "1" } },
    { name: "DELETE mfa", handler: mfaRoute, method: "DELETE", path: "/uauth/admin/users/1/mfa", params: { id: "1" } },
    { name: "GET audit", handler: auditRoute, method: "GET", path: "/uauth/admin/audit" },
    { name: "GET audit csv", handler: auditRoute, method: "GET", path: "/uauth/admin/audit?format=csv" },
  ];
  let callers: Record<string, RefusedCaller> = {};

  beforeAll(async () => {
    callers = await notLandlordCallers();
  });

  // Threat: a tenant, or a stolen landlord password without the second factor, reading every account or stripping its MFA.
  it("refuses everyone else on every route, and changes nothing", async () => {
    const victim = await makeUser({ mfa: true });
    const victimSession = await signInViaApi(victim);
    const eventsBefore = await db().auditEvent.count({ where: { targetType: "user", targetId: String(victim.id) } });
    const seen: string[] = [];
    for (const [who, expected] of Object.entries(callers)) {
      for (const route of routes) {
        const params = route.params && { id: String(victim.id) };
        const res = await call(route.handler, route.method, route.path.replace("/1/", `/${victim.id}/`), { token: expected.token, params });
        seen.push(`${who} ${route.name}: ${res.status} ${res.json?.error?.code}`);
      }
    }
    expect(seen).toEqual(Object.entries(callers).flatMap(([who, expected]) => routes.map((route) => `${who} ${route.name}: ${expected.status} ${expected.code}`)));
    expect((await me(victimSession.token)).status).toBe(200);
    expect(await db().totpFactor.count({ where: { userId: victim.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { targetType: "user", targetId: String(victim.id) } })).toBe(eventsBefore);
  });
});

describe("GET /uauth/admin/users", () => {
  // Threat: the console leaking a password hash, TOTP secret or recovery code of the accounts it lists.
  it("finds users by part of the e-mail whatever its case, pages, and shows memberships, MFA state and last sign-in, never a secret", async () => {
    const tag = unique("find");
    const on = await makeUser({ mfa: true, email: `${tag}-a@example.test` });
    const off = await makeUser({ email: `${tag}-b@example.test` });
    const pending = await makeUser({ email: `${tag}-c@example.test` });
    await beginTotpEnrollment(pending.id, pending.email);
    const workspace = await makeWorkspace({ members: [[on, "superuser"]] });
    await signInViaApi(on);

    const all = await users(`?q=${encodeURIComponent(`  ${tag.toUpperCase()}-`)}`);
    expect(all.status).toBe(200);
    expect(all.json.total).toBe(3);
    expect(all.json.items.map((user: { email: string }) => user.email)).toEqual([on.email, off.email, pending.email]);
    const [first, second, third] = all.json.items;
    expect(Object.keys(first).sort()).toEqual(["email", "id", "isLandlordAdmin", "lastSignInAt", "memberships", "mfa", "name", "status"]);
    expect(first).toMatchObject({ id: on.id, status: "ACTIVE", isLandlordAdmin: false, mfa: "on", lastSignInAt: expect.stringMatching(/Z$/), memberships: [{ businessProfileGuid: workspace.guid, workspaceName: workspace.name, role: { key: "superuser", name: expect.any(String) } }] });
    expect(second).toMatchObject({ mfa: "off", lastSignInAt: null, memberships: [] });
    expect(third).toMatchObject({ mfa: "pending" });
    const text = JSON.stringify(all.json);
    expect(text).not.toMatch(/argon2|hash|secret|codeHash/i);
    expect(text).not.toContain(on.secret);

    // LIKE wildcards are plain characters: "%" and "_" match only themselves.
    expect((await users(`?q=${encodeURIComponent(`${tag}%`)}`)).json.total).toBe(0);
    expect((await users(`?q=${encodeURIComponent(`${tag}_a`)}`)).json.total).toBe(0);
    expect((await users(`?q=${encodeURIComponent(`${tag}\\`)}`)).json).toMatchObject({ total: 0, items: [] });
    const underscored = await makeUser({ email: `${unique("under")}_score@example.test` });
    expect((await users(`?q=${encodeURIComponent(underscored.email.slice(0, -15))}`)).json.items.map((user: { id: number }) => user.id)).toEqual([underscored.id]);
    // A middle part matches too; paging is stable by e-mail.
    expect((await users(`?q=${tag.slice(2)}`)).json.total).toBe(3);
    const page2 = await users(`?q=${tag}&limit=2&offset=2`);
    expect(page2.json).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect(page2.json.items.map((user: { id: number }) => user.id)).toEqual([pending.id]);
  });

  // Threat: one request dumping every account at once.
  it("caps the page size at 100", async () => {
    expect((await users("?limit=100")).status).toBe(200);
    const tooMany = await users("?limit=101");
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.code).toBe("VALIDATION_FAILED");
  });
});

describe("DELETE /uauth/admin/users/{id}/sessions", () => {
  // Threat: a stolen session (access and refresh token) outliving the operator's response.
  it("ends every session of the user at once: access and refresh tokens fail next, audited", async () => {
    const user = await makeUser();
    const workspace = await makeWorkspace({ members: [[user, "member"]] });
    const one = await signInViaApi(user);
    const two = await signInViaApi(user, { ip: "10.1.2.3" });
    const inWorkspace = await enterViaApi(two.token, workspace, { ip: "10.1.2.3" });

    const ended = await endSessions(user.id);
    expect(ended.status).toBe(200);
    expect(ended.json).toEqual({ sessionsEnded: 2 });
    for (const token of [one.token, two.token, inWorkspace.token]) expect((await me(token)).json.error?.code).toBe("SESSION_ENDED");
    for (const refreshToken of [one.refreshToken, two.refreshToken]) expect((await refresh(refreshToken)).status).toBe(401);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "user.sessions_ended", targetId: String(user.id) } });
    expect(event).toMatchObject({ actorUserId: landlord.id, targetType: "user" });
    // The user signs in again as usual.
    expect((await me((await signInViaApi(user)).token)).status).toBe(200);
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect((await endSessions(999_999_999)).status).toBe(404);
    expect((await endSessions("abc")).status).toBe(404);
    expect((await endSessions("-1")).status).toBe(404);
  });
});

describe("DELETE /uauth/admin/users/{id}/mfa", () => {
  // Threat: a landlord session left open (or stolen) an hour after its MFA stripping someone's second factor.
  it("is refused when the landlord's MFA is 11 minutes old, even with a fresh token", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    // Near the real clock: far-future instants would let a refresh's purge pass delete the other tests' sessions.
    const start = Date.now();
    vi.setSystemTime(start);
    const operator = await makeUser({ landlord: true, mfa: true });
    const target = await makeUser({ mfa: true });
    const session = await signInViaApi(operator);
    vi.setSystemTime(start + 11 * 60_000);
    // Refreshing keeps the session's MFA instant: a new token is not a new proof of the factor.
    const refreshed = await refresh(session.refreshToken);
    expect(refreshed.status).toBe(200);
    const refused = await resetMfa(target.id, refreshed.json.token);
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: "MFA_REQUIRED", message: expect.stringMatching(/again/) });
    expect(await db().totpFactor.count({ where: { userId: target.id } })).toBe(1);
    // Only the notice of the fixture's own set-up: no reset was sent.
    expect(await mfaNotices(target.email)).toEqual(["enabled"]);
  });

  // Threat: after a reset, the attacker who held the user's sessions (or the old factor) keeps the account.
  it("at 9 minutes removes the factor and codes, ends every token and refresh token, queues the e-mail and audits, in one go", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    vi.setSystemTime(start);
    const operator = await makeUser({ landlord: true, mfa: true });
    const target = await makeUser({ mfa: true });
    const operatorSession = await signInViaApi(operator);
    const targetSession = await signInViaApi(target);
    vi.setSystemTime(start + 9 * 60_000);

    expect((await resetMfa(target.id, operatorSession.token)).status).toBe(204);
    expect(await db().totpFactor.count({ where: { userId: target.id } })).toBe(0);
    expect(await db().recoveryCode.count({ where: { userId: target.id } })).toBe(0);
    expect((await me(targetSession.token)).json.error?.code).toBe("SESSION_ENDED");
    expect((await refresh(targetSession.refreshToken)).status).toBe(401);
    expect(await mfaNotices(target.email)).toEqual(["enabled", "reset"]);
    const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: target.email, template: "mfa-changed" }, orderBy: { id: "desc" } });
    expect(outboxProps(mail)).toEqual({ change: "reset", changedAt: new Date(start + 9 * 60_000).toISOString() });
    expect(mail.status).toBe("PENDING");
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "auth.mfa.reset", targetId: String(target.id) } });
    expect(event).toMatchObject({ actorUserId: operator.id, workspaceId: null });
    expect(JSON.parse(event.metadata)).toEqual({ sessionsEnded: 1, recoveryCodesRemoved: 10 });
    // The operator's own session is untouched; the user now signs in with the password alone and sets MFA up again.
    expect((await me(operatorSession.token)).status).toBe(200);
    const login = await loginViaApi(target);
    expect(login.status).toBe(200);
    expect(login.json.refreshToken).toEqual(expect.any(String));
    // Nothing left to reset.
    expect((await resetMfa(target.id, operatorSession.token)).status).toBe(409);
  });

  // Threat: one landlord session stripping the second factor of another platform operator, or of itself.
  it("never resets a landlord admin's MFA, the caller's own included", async () => {
    const other = await makeUser({ landlord: true, mfa: true });
    for (const id of [other.id, landlord.id]) {
      const res = await resetMfa(id);
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("FORBIDDEN");
      expect(await db().totpFactor.count({ where: { userId: id } })).toBe(1);
    }
    expect((await me(landlordToken)).status).toBe(200);
  });

  it("answers 404 for an unknown id and 409 for a user without MFA", async () => {
    expect((await resetMfa(999_999_999)).status).toBe(404);
    expect((await resetMfa((await makeUser()).id)).status).toBe(409);
  });
});

describe("GET /uauth/admin/audit", () => {
  const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 12, minute));
  let actor: TestUser;
  let other: TestUser;
  let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
  let elsewhere: Awaited<ReturnType<typeof makeWorkspace>>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    actor = await makeUser();
    other = await makeUser();
    workspace = await makeWorkspace();
    elsewhere = await makeWorkspace();
    const rows = {
      first: { workspaceId: workspace.id, actorUserId: actor.id, action: "auth.login.failed", createdAt: at(1) },
      tieA: { workspaceId: workspace.id, actorUserId: actor.id, action: "auth.logout", createdAt: at(2) },
      tieB: { workspaceId: workspace.id, actorUserId: actor.id, action: "auth.logout", createdAt: at(2) },
      nasty: { workspaceId: workspace.id, actorUserId: actor.id, action: "auth.login.succeeded", createdAt: at(3), userAgent: "=cmd|' /C calc'!A0", targetId: 'a,"b"\nc', ip: "@evil", metadata: JSON.stringify({ note: "-2+3" }) },
      otherWorkspace: { workspaceId: elsewhere.id, actorUserId: actor.id, action: "auth.logout", createdAt: at(4) },
      otherActor: { workspaceId: workspace.id, actorUserId: other.id, action: "auth.logout", createdAt: at(5) },
    };
    for (const [name, data] of Object.entries(rows)) ids[name] = (await db().auditEvent.create({ data, select: { id: true } })).id;
  });

  const idsOf = (res: { json: { items: Array<{ id: number }> } }) => res.json.items.map((item) => item.id);

  it("filters by workspace, actor (id or e-mail), action and time, newest first with ties by id, paged", async () => {
    const base = `?workspace=${workspace.guid}&actor=${actor.id}`;
    const all = await audit(base);
    expect(all.status).toBe(200);
    expect(all.json.total).toBe(4);
    expect(idsOf(all)).toEqual([ids.nasty, ids.tieB, ids.tieA, ids.first]);
    expect(all.json.items[0]).toMatchObject({ action: "auth.login.succeeded", businessProfileGuid: workspace.guid, actorUserId: actor.id, actorEmail: actor.email, metadata: { note: "-2+3" }, createdAt: at(3).toISOString() });
    expect(idsOf(await audit(`?workspace=${workspace.guid}&actor=${encodeURIComponent(actor.email.toUpperCase())}`))).toEqual(idsOf(all));
    expect(idsOf(await audit(`${base}&action=auth.logout`))).toEqual([ids.tieB, ids.tieA]);
    expect(idsOf(await audit(`${base}&from=${at(2).toISOString()}&to=${at(3).toISOString()}`))).toEqual([ids.tieB, ids.tieA]);
    expect(idsOf(await audit(`?actor=${actor.id}&action=auth.logout`))).toEqual([ids.otherWorkspace, ids.tieB, ids.tieA]);
    expect(idsOf(await audit(`?workspace=${workspace.guid}&action=auth.logout&from=${at(5).toISOString()}`))).toEqual([ids.otherActor]);
    const page = await audit(`${base}&limit=2&offset=1`);
    expect(page.json).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(idsOf(page)).toEqual([ids.tieB, ids.tieA]);
    // Unknown workspace or actor: nothing, not everything.
    expect((await audit(`?workspace=00000000-0000-4000-8000-000000000000`)).json).toMatchObject({ total: 0, items: [] });
    expect((await audit(`?actor=nobody-${unique()}@example.test`)).json).toMatchObject({ total: 0, items: [] });
  });

  it("refuses malformed filters (400)", async () => {
    for (const query of ["?from=yesterday", "?workspace=acme", "?action=DROP%20TABLE", "?limit=1000", "?format=xml"]) {
      const res = await audit(query);
      expect(`${query}: ${res.status} ${res.json.error?.code}`).toBe(`${query}: 400 VALIDATION_FAILED`);
    }
    expect((await audit("?from=yesterday")).json.error.fields).toEqual({ from: "Use a date and time such as 2026-12-01T09:00:00Z." });
  });

  // Threat: an attacker-written user agent or target running as a formula, or breaking rows, in the operator's spreadsheet.
  it("exports the filtered events as CSV (format=csv or Accept: text/csv), escaped and formula-safe", async () => {
    const query = `?workspace=${workspace.guid}&actor=${actor.id}`;
    const byParam = await auditText(`${query}&format=csv`);
    expect(byParam.status).toBe(200);
    expect(byParam.type).toBe("text/csv; charset=utf-8");
    expect(byParam.total).toBe("4");
    expect(byParam.text).toBe((await auditText(query, { accept: "text/csv" })).text);
    const lines = byParam.text.split("\r\n");
    expect(lines[0]).toBe("id,createdAt,action,businessProfileGuid,actorUserId,actorEmail,actorApiKeyId,targetType,targetId,ip,userAgent,metadata");
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toBe("");
    expect(lines[1]).toBe(`${ids.nasty},${at(3).toISOString()},auth.login.succeeded,${workspace.guid},${actor.id},${actor.email},,,"a,""b""\nc",'@evil,'=cmd|' /C calc'!A0,"{""note"":""-2+3""}"`);
    expect(lines[4]).toBe(`${ids.first},${at(1).toISOString()},auth.login.failed,${workspace.guid},${actor.id},${actor.email},,,,,,{}`);
    // Without either, JSON.
    expect((await audit(query)).json.total).toBe(4);
  });
});
