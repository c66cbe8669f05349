// GET /uauth/sessions and DELETE /uauth/sessions/{id} through the route handlers, no middleware in
// front: a user sees and ends only their own sessions, and an ended session's Bearer token fails
// on its very next request.
import { beforeAll, describe, expect, it } from "vitest";
import { DELETE as endRoute } from "@/app/uauth/sessions/[id]/route";
import { GET as listRoute } from "@/app/uauth/sessions/route";
import { GET as meRoute } from "@/app/uauth/me/route";
import { call, enterViaApi, inspectToken, loginViaApi, makeUser, makeWorkspace, api, signInViaApi, type TestUser } from "@/lib/testing/fixtures";

const list = (token?: string) => api.get(listRoute, "/uauth/sessions", { token });
const end = (token: string, id: string) => call(endRoute, "DELETE", `/uauth/sessions/${id}`, { token, params: { id } });
const me = (token: string) => api.get(meRoute, "/uauth/me", { token });
const sidOf = (token: string) => inspectToken(token).claims.sid as string;

let user: TestUser;

beforeAll(async () => {
  user = await makeUser();
});

describe("GET /uauth/sessions", () => {
  it("refuses a caller without a token (401) and an MFA-pending token (403)", async () => {
    const anonymous = await list();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const pending = (await loginViaApi(await makeUser({ mfa: true }))).json.token as string;
    const refused = await list(pending);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("MFA_REQUIRED");
  });

  it("lists the caller's live sessions with the current one marked, with a user or a workspace token", async () => {
    const owner = await makeUser();
    const workspace = await makeWorkspace({ members: [[owner, "member"]] });
    const other = (await signInViaApi(owner)).token;
    const here = await enterViaApi((await signInViaApi(owner)).token, workspace);
    const listed = await list(here.token);
    expect(listed.status).toBe(200);
    expect(listed.json.sessions).toHaveLength(2);
    const current = listed.json.sessions.find((session: { current: boolean }) => session.current);
    expect(current).toMatchObject({ id: sidOf(here.token), workspace: { name: workspace.name, subdomain: workspace.subdomain }, device: expect.any(String) });
    expect(listed.json.sessions.map((session: { id: string }) => session.id)).toContain(sidOf(other));
    expect((await list(other)).json.sessions.find((session: { current: boolean }) => session.current).id).toBe(sidOf(other));
  });
});

describe("DELETE /uauth/sessions/{id}", () => {
  it("ends one of the caller's sessions: 204, and that session's token gets SESSION_ENDED on its next request", async () => {
    // Threat: a token copied from a lost device keeps working until it expires.
    const lost = (await signInViaApi(user)).token;
    const here = (await signInViaApi(user)).token;
    expect((await me(lost)).status).toBe(200);
    const ended = await end(here, sidOf(lost));
    expect(ended.status).toBe(204);
    const next = await me(lost);
    expect(next.status).toBe(401);
    expect(next.json.error.code).toBe("SESSION_ENDED");
    expect((await me(here)).status).toBe(200);
  });

  it("answers 404 for another user's session, and that session keeps working", async () => {
    // Threat: anyone signed in ending, or confirming the existence of, someone else's session by its id.
    const victimToken = (await signInViaApi(await makeUser())).token;
    const attacker = (await signInViaApi(await makeUser())).token;
    const refused = await end(attacker, sidOf(victimToken));
    expect(refused.status).toBe(404);
    expect(refused.json.error.code).toBe("NOT_FOUND");
    expect((await end(attacker, "no-such-session")).status).toBe(404);
    expect((await me(victimToken)).status).toBe(200);
  });

  it("ends the caller's own current session (a sign-out)", async () => {
    const token = (await signInViaApi(user)).token;
    expect((await end(token, sidOf(token))).status).toBe(204);
    expect((await me(token)).json.error.code).toBe("SESSION_ENDED");
  });
});
