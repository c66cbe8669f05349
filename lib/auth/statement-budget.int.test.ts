// The hot path's statement budgets, counted on both databases through the route handlers (the
// real principal resolution, domain code and database): each operation sends at most its budget
// of SQL statements, and a failure lists the statements it saw. Counts are of the steady state:
// a session's `lastSeenAt` write happens at most once a minute (LAST_SEEN_RESOLUTION in
// lib/auth/sessions.ts) and is shown apart below.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as revokeKeyRoute } from "@/app/uauth/api-keys/[id]/route";
import { POST as exchangeRoute } from "@/app/uauth/auth/login/api-key/route";
import { POST as selectRoute } from "@/app/uauth/auth/login/user/profile/[guid]/route";
import { POST as loginRoute } from "@/app/uauth/auth/login/user/route";
import { POST as logoutRoute } from "@/app/uauth/auth/logout/route";
import { POST as refreshRoute } from "@/app/uauth/auth/refresh/route";
import { GET as listRoute } from "@/app/uauth/business-profile/route";
import { GET as meRoute } from "@/app/uauth/me/route";
import { addSeconds } from "@/lib/clock";
import { api, call, enterViaApi, freshIp, LOGIN_PATH, makeApiKey, makeUser, makeWorkspace, PASSWORD, selectPath, signInViaApi, unique, type TestApiKey, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";
import { describeStatements, installStatementCounter, type StatementCounter } from "@/lib/testing/statement-counter";
import { resolveAccessToken } from "./principal";

/**
 * One budget per hot operation, in statements. The audit event a journey step writes costs 3 of
 * them (lib/audit.ts: the hash chain's head, the event, the head's hash and time) and
 * a transaction 1 more (COMMIT; Prisma reports no BEGIN).
 */
const BUDGETS = {
  /** Session + user + TOTP factor, one join. */
  "principal: user token": 1,
  /** The session's join with the workspace + this user's role + allow-list joined in. */
  "principal: workspace token": 1,
  /** Counter + key + workspace + allow-list + creator + creator's role, one join. */
  "API key as Bearer": 1,
  /** The same join, by the token's key id. */
  "API key exchanged for a token": 1,
  /** A plain session (the workspace is not admitted here), then memberships + workspaces + roles + allow-lists. */
  "list workspaces": 2,
  /**
   * Session, admission, then one transaction: the workspace's lock write (a suspension in
   * progress waits on it), the session's move, the membership's last entry (the list's and the
   * switcher's last-used order, lib/workspaces noteWorkspaceEntered), the audit event, the new
   * version, COMMIT.
   */
  "select workspace": 11,
  /** The refresh token, the session; the transaction: claim, new token, spent pairs cleared, audit, COMMIT. */
  "refresh (user)": 9,
  /** And the workspace's admission again. */
  "refresh (workspace)": 10,
  /**
   * Two throttle keys reserved (one read for both, a write each), the credential join, both
   * counts given back, the device look-up in the audit log (lib/auth/new-sign-in.ts), then the
   * transaction: session, refresh token, the new-device e-mail, audit, COMMIT.
   */
  "login hit": 14,
  /** Two throttle keys reserved, the credential join, the failure's audit event. Equal for every kind of miss. */
  "login miss": 8,
} as const;

let counter: StatementCounter;
let member: TestUser;
let workspace: TestWorkspace;
let apiKey: TestApiKey;

beforeAll(async () => {
  counter = installStatementCounter();
  member = await makeUser();
  // An allow-list of two ranges: the joins return a row per range, folded into one workspace.
  workspace = await makeWorkspace({ members: [[member, "superuser"]], ipRestricted: true, ipRanges: ["203.0.113.0/24", "127.0.0.0/8"] });
  await makeWorkspace({ members: [[member, "member"]] });
  apiKey = await makeApiKey(member, workspace, { authorities: ["ROLE_API_CREATE"] });
});

afterAll(() => counter.uninstall());

/** The statements of `operation`, which must answer `status`. */
async function statementsOf(operation: () => Promise<{ status: number; json: unknown }>, status = 200): Promise<string[]> {
  const { result, statements } = await counter.count(operation);
  expect(result.status, JSON.stringify(result.json)).toBe(status);
  return statements;
}

function expectWithinBudget(name: keyof typeof BUDGETS, statements: string[]): void {
  const budget = BUDGETS[name];
  expect(statements.length, `${name} sent ${statements.length} statements, its budget is ${budget}:\n${describeStatements(statements)}`).toBeLessThanOrEqual(budget);
}

describe("statement budgets of the hot path", () => {
  it("resolves a person's principal in one statement, with the workspace too, and touches the session at most once a minute", async () => {
    const { token: userToken } = await signInViaApi(member);
    const me = await statementsOf(() => api.get(meRoute, "/uauth/me", { token: userToken }));
    expectWithinBudget("principal: user token", me);
    const { token: workspaceToken } = await enterViaApi(userToken, workspace);
    const inWorkspace = await statementsOf(() => api.get(meRoute, "/uauth/me", { token: workspaceToken }));
    expectWithinBudget("principal: workspace token", inWorkspace);

    // The amortised write: a request a minute after the last one seen notes the activity once.
    const later = addSeconds(new Date(), 61);
    const touched = await counter.count(() => resolveAccessToken(workspaceToken, "127.0.0.1", later, "workspace"));
    expect(touched.statements.length, describeStatements(touched.statements)).toBe(inWorkspace.length + 1);
    const steady = await counter.count(() => resolveAccessToken(workspaceToken, "127.0.0.1", later, "workspace"));
    expect(steady.statements.length, describeStatements(steady.statements)).toBe(inWorkspace.length);
  });

  // The workspace-scoped client (lib/db/scoped.ts) is a Prisma extension: most requests never
  // use it, so a principal builds it on first use of `db`, never while being resolved.
  it("leaves a workspace principal's scoped client unbuilt until it is used", async () => {
    const { token } = await enterViaApi((await signInViaApi(member)).token, workspace);
    for (const principal of [await resolveAccessToken(token, "127.0.0.1", new Date(), "workspace"), await resolveAccessToken(apiKey.key, "127.0.0.1", new Date(), "workspace")]) {
      expect(Object.getOwnPropertyDescriptor(principal, "db")?.get, principal.kind).toBeTypeOf("function");
    }
  });

  it("resolves an API key, sent or exchanged, in one statement", async () => {
    expectWithinBudget("API key as Bearer", await statementsOf(() => api.get(meRoute, "/uauth/me", { token: apiKey.key })));
    const exchanged = await api.post(exchangeRoute, "/uauth/auth/login/api-key", { token: apiKey.key });
    expect(exchanged.status).toBe(200);
    expectWithinBudget("API key exchanged for a token", await statementsOf(() => api.get(meRoute, "/uauth/me", { token: exchanged.json.token })));
  });

  it("lists, selects and refreshes within budget", async () => {
    const { token: userToken, refreshToken } = await signInViaApi(member);
    const listed = await counter.count(() => api.get(listRoute, "/uauth/business-profile/", { token: userToken }));
    expect(listed.result.json).toHaveLength(2);
    expectWithinBudget("list workspaces", listed.statements);
    expectWithinBudget("select workspace", await statementsOf(() => api.post(selectRoute, selectPath(workspace.guid), { token: userToken, params: { guid: workspace.guid } })));
    expectWithinBudget("refresh (workspace)", await statementsOf(() => api.post(refreshRoute, "/uauth/auth/refresh", { json: { refreshToken } })));
    const { refreshToken: userRefresh } = await signInViaApi(member);
    expectWithinBudget("refresh (user)", await statementsOf(() => api.post(refreshRoute, "/uauth/auth/refresh", { json: { refreshToken: userRefresh } })));
  });

  // Threat: telling an unknown e-mail from a wrong password by the database work a login costs.
  it("signs in within budget, and every miss sends the same statements", async () => {
    const ip = freshIp();
    const login = (username: string, password: string, status: number) => statementsOf(() => api.post(loginRoute, LOGIN_PATH, { ip, json: { username, password } }), status);
    expectWithinBudget("login hit", await login(member.email, PASSWORD, 200));
    const wrongPassword = await login(member.email, "not the password at all", 401);
    const unknownEmail = await login(`${unique("nobody")}@example.test`, PASSWORD, 401);
    expectWithinBudget("login miss", wrongPassword);
    expect(unknownEmail).toEqual(wrongPassword);
  });

  // Threat: a cheap hot path that caches would let an ended session or a revoked key through.
  it("refuses a session logged out and a key revoked on their very next request", async () => {
    const { token } = await signInViaApi(member);
    expect((await api.post(logoutRoute, "/uauth/auth/logout", { token })).status).toBe(204);
    expect((await api.get(meRoute, "/uauth/me", { token })).json.error.code).toBe("SESSION_ENDED");
    const key = await makeApiKey(member, workspace, { authorities: ["ROLE_API_CREATE"] });
    expect((await api.get(meRoute, "/uauth/me", { token: key.key })).status).toBe(200);
    const revoked = await call(revokeKeyRoute, "DELETE", `/uauth/api-keys/${key.id}`, { token: key.token, params: { id: String(key.id) } });
    expect(revoked.status).toBe(204);
    expect((await api.get(meRoute, "/uauth/me", { token: key.key })).json.error.code).toBe("KEY_REVOKED");
  });
});
