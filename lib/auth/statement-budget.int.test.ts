// The hot path's statement budgets, counted through the route handlers on both databases: each
// operation sends at most its budget of SQL statements, and a failure lists the ones it saw.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as meRoute } from "@/app/uauth/me/route";
import { GET as listRoute } from "@/app/uauth/business-profile/route";
import { POST as loginRoute } from "@/app/uauth/auth/login/user/route";
import { POST as selectRoute } from "@/app/uauth/auth/login/user/profile/[guid]/route";
import { POST as refreshRoute } from "@/app/uauth/auth/refresh/route";
import { api, enterViaApi, freshIp, LOGIN_PATH, makeApiKey, makeUser, makeWorkspace, PASSWORD, selectPath, signInViaApi, unique, type TestApiKey, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";
import { describeStatements, installStatementCounter, type StatementCounter } from "@/lib/testing/statement-counter";

let counter: StatementCounter;
let member: TestUser;
let workspace: TestWorkspace;
let apiKey: TestApiKey;

beforeAll(async () => {
  counter = installStatementCounter();
  member = await makeUser();
  workspace = await makeWorkspace({ members: [[member, "superuser"]], ipRestricted: true, ipRanges: ["203.0.113.0/24", "127.0.0.0/8"] });
  await makeWorkspace({ members: [[member, "member"]] });
  apiKey = await makeApiKey(member, workspace, { authorities: ["ROLE_API_CREATE"] });
});

afterAll(() => counter.uninstall());

/** Runs `operation`, expects `status`, and returns the statements it sent. */
async function statementsOf(operation: () => Promise<{ status: number; json: unknown }>, status = 200): Promise<string[]> {
  const { result, statements } = await counter.count(operation);
  expect(result.status, JSON.stringify(result.json)).toBe(status);
  return statements;
}

function withinBudget(name: string, statements: string[], budget: number): void {
  console.log(`${name}: ${statements.length}\n${describeStatements(statements)}`);
  expect(statements.length, `${name} sent ${statements.length} statements, budget ${budget}:\n${describeStatements(statements)}`).toBeLessThanOrEqual(budget);
}

describe("statement budgets", () => {
  it("principal", async () => {
    const { token: userToken } = await signInViaApi(member);
    withinBudget("user token", await statementsOf(() => api.get(meRoute, "/uauth/me", { token: userToken })), 99);
    const { token: workspaceToken } = await enterViaApi(userToken, workspace);
    withinBudget("workspace token", await statementsOf(() => api.get(meRoute, "/uauth/me", { token: workspaceToken })), 99);
    withinBudget("workspace token, session only", await statementsOf(() => api.get(listRoute, "/uauth/business-profile/", { token: workspaceToken })), 99);
    withinBudget("api key", await statementsOf(() => api.get(meRoute, "/uauth/me", { token: apiKey.key })), 99);
    const { token: userToken2 } = await signInViaApi(member);
    withinBudget("select", await statementsOf(() => api.post(selectRoute, selectPath(workspace.guid), { token: userToken2, params: { guid: workspace.guid } })), 99);
    const { refreshToken } = await signInViaApi(member);
    withinBudget("refresh", await statementsOf(() => api.post(refreshRoute, "/uauth/auth/refresh", { json: { refreshToken } })), 99);
    const ip = freshIp();
    withinBudget("login hit", await statementsOf(() => api.post(loginRoute, LOGIN_PATH, { ip, json: { username: member.email, password: PASSWORD } })), 99);
    withinBudget("login wrong", await statementsOf(() => api.post(loginRoute, LOGIN_PATH, { ip, json: { username: member.email, password: "wrong wrong wrong" } }), 401), 99);
    withinBudget("login unknown", await statementsOf(() => api.post(loginRoute, LOGIN_PATH, { ip, json: { username: `${unique("nobody")}@example.test`, password: PASSWORD } }), 401), 99);
  });
});
