// Who may hold a session's refresh token, through the REST handlers with no middleware in front:
// only the client that signed in. A service that is handed an access token (10 minutes) must not
// be able to turn it into the session's 12 hours.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as selectRoute } from "@/app/uauth/auth/login/user/profile/[guid]/route";
import { POST as refreshRoute } from "@/app/uauth/auth/refresh/route";
import { GET as meRoute } from "@/app/uauth/me/route";
import { db } from "@/lib/db/client";
import { api, inspectToken, makeUser, makeWorkspace, selectPath, signInViaApi, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";

const select = (token: string, guid: string) => api.post(selectRoute, selectPath(guid), { token, params: { guid } });
const refresh = (refreshToken: string) => api.post(refreshRoute, "/uauth/auth/refresh", { json: { refreshToken } });
const me = (token: string) => api.get(meRoute, "/uauth/me", { token });

let owner: TestUser;
let acme: TestWorkspace;
let globex: TestWorkspace;

beforeAll(async () => {
  owner = await makeUser();
  acme = await makeWorkspace({ members: [[owner, "member"]] });
  globex = await makeWorkspace({ members: [[owner, "analyst"]] });
});

describe("selecting a workspace mints no refresh token (issue 6, item 2)", () => {
  it("gives a service holding only a user or workspace access token no refresh token, and leaves the owner's working", async () => {
    // Threat: a service that saw a 10-minute access token selects a workspace with it and keeps the session for 12 hours.
    const signedIn = await signInViaApi(owner);
    const sid = inspectToken(signedIn.token).claims.sid as string;

    const withUserToken = await select(signedIn.token, acme.guid);
    expect(withUserToken.status).toBe(200);
    expect(Object.keys(withUserToken.json).sort()).toEqual(["consumer", "token"]);
    const withWorkspaceToken = await select(withUserToken.json.token, globex.guid);
    expect(withWorkspaceToken.status).toBe(200);
    expect(withWorkspaceToken.json.refreshToken).toBeUndefined();
    // An access token is not a refresh token either.
    expect((await refresh(withWorkspaceToken.json.token)).status).toBe(400);
    // Still the one refresh token from sign-in, unspent: nothing was minted, nothing spent.
    expect(await db().refreshToken.findMany({ where: { sessionId: sid }, select: { usedAt: true } })).toEqual([{ usedAt: null }]);

    // The owner's refresh token, refreshed after the selections, yields a token of the workspace selected last.
    const pair = await refresh(signedIn.refreshToken);
    expect(pair.status).toBe(200);
    expect(pair.json.stage).toBe("workspace");
    expect(inspectToken(pair.json.token).claims).toMatchObject({ sid, ws: globex.guid });
    expect((await me(pair.json.token)).json.consumer.businessProfileId).toBe(globex.id);
  });
});
