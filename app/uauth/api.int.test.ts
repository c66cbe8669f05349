// The seed's REST API end to end, called the way Next.js calls the route handlers but with no
// middleware in front: every rule here holds in the handlers and the data layer alone, so a
// bypass of middleware exposes nothing.
import { createLocalJWKSet, jwtVerify } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import { POST as mfaRoute } from "@/app/uauth/auth/login/user/mfa/verification/route";
import { POST as selectRoute } from "@/app/uauth/auth/login/user/profile/[guid]/route";
import { POST as logoutRoute } from "@/app/uauth/auth/logout/route";
import { POST as refreshRoute } from "@/app/uauth/auth/refresh/route";
import { GET as profileRoute } from "@/app/uauth/business-profile/[guid]/route";
import { GET as listRoute } from "@/app/uauth/business-profile/route";
import { GET as meRoute } from "@/app/uauth/me/route";
import { ALL_AUTHORITIES, parseAuthorities, type Authority } from "@/lib/auth/authorities";
import { db } from "@/lib/db/client";
import {
  api,
  auditActions,
  codeFor,
  enterViaApi,
  inspectToken,
  loginViaApi,
  makeUser,
  makeWorkspace,
  MFA_PATH,
  roleOf,
  selectPath,
  signInViaApi,
  type TestUser,
  type TestWorkspace,
} from "@/lib/testing/fixtures";
import { issuer } from "@/lib/tokens/jwt";

const RECOVERY_PATH = "/uauth/auth/login/user/mfa/verification?mfaType=RECOVERY_CODE";
const LIST_PATH = "/uauth/business-profile/";
const profilePath = (guid: string) => `/uauth/business-profile/${guid}`;

const me = (token: string, ip?: string) => api.get(meRoute, "/uauth/me", { token, ip });
const list = (token: string, ip?: string) => api.get(listRoute, LIST_PATH, { token, ip });
const select = (token: string, guid: string, ip?: string) => api.post(selectRoute, selectPath(guid), { token, ip, params: { guid } });
const profile = (token: string, guid: string, ip?: string) => api.get(profileRoute, profilePath(guid), { token, ip, params: { guid } });
const refresh = (refreshToken: string, ip?: string) => api.post(refreshRoute, "/uauth/auth/refresh", { ip, json: { refreshToken } });
const logout = (token: string) => api.post(logoutRoute, "/uauth/auth/logout", { token });
const verify = (token: string, verificationCode: string, path = MFA_PATH) => api.post(mfaRoute, path, { token, json: { verificationCode } });

/** Verifies a token the way a platform service would: only with what /.well-known/jwks.json publishes. */
async function verifyWithJwks(token: string, audience: string) {
  const jwks = await api.get(jwksRoute, "/.well-known/jwks.json");
  return jwtVerify(token, createLocalJWKSet(jwks.json), { algorithms: ["ES256"], issuer: issuer(), audience });
}

const seedConsumerKeys = ["authorities", "businessProfileId", "id", "name", "roles", "type"];

// One user without MFA and one with, members of two ordinary workspaces; reused where a rule allows.
let ada: TestUser;
let bob: TestUser;
let acme: TestWorkspace;
let globex: TestWorkspace;
let elsewhere: TestWorkspace;

beforeAll(async () => {
  [ada, bob] = await Promise.all([makeUser(), makeUser({ mfa: true })]);
  acme = await makeWorkspace({ name: "Acme", logo: "https://cdn.example/acme.png", members: [[ada, "superuser"], [bob, "member"]] });
  globex = await makeWorkspace({ name: "Globex", members: [[ada, "analyst"]] });
  elsewhere = await makeWorkspace({ name: "Elsewhere" });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe("seed shapes, field for field (rule 1)", () => {
  it("login without MFA: the seed's body and a user-stage ES256 token that verifies against the JWKS", async () => {
    const res = await loginViaApi(ada);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    // The seed's fields, plus refreshToken (issued only once past MFA; see the MFA case).
    expect(Object.keys(res.json).sort()).toEqual(["consumer", "mfaMethods", "refreshToken", "token"]);
    expect(res.json.consumer).toEqual({ type: "USER", businessProfileId: null, name: ada.email, id: ada.id, authorities: [], roles: "-2" });
    expect(Object.keys(res.json.consumer).sort()).toEqual(seedConsumerKeys);
    expect(res.json.mfaMethods).toEqual([]);
    expect(res.json.refreshToken).toMatch(/^ghr_/);

    const { payload, protectedHeader } = await verifyWithJwks(res.json.token, "gatehouse:user");
    expect(protectedHeader).toMatchObject({ alg: "ES256", typ: "at+jwt" });
    expect(Object.keys(payload)).toEqual(expect.arrayContaining(["iss", "aud", "sub", "sid", "stage", "iat", "exp", "jti"]));
    expect(payload).toMatchObject({ iss: issuer(), aud: "gatehouse:user", sub: String(ada.id), stage: "user" });
    expect(payload.ws).toBeUndefined();
  });

  it("login with MFA: mfaMethods TOTP_AUTHENTICATOR, an mfa-stage token, and no refresh token before the second factor (threat: skipping MFA by refreshing)", async () => {
    const res = await loginViaApi(bob);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(["consumer", "mfaMethods", "token"]);
    expect(res.json.consumer).toEqual({ type: "USER", businessProfileId: null, name: bob.email, id: bob.id, authorities: [], roles: "-2" });
    expect(res.json.mfaMethods).toEqual(["TOTP_AUTHENTICATOR"]);
    const { payload } = await verifyWithJwks(res.json.token, "gatehouse:mfa");
    expect(payload.stage).toBe("mfa");
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);
  });

  it("MFA verification: the same shape, now with a user-stage token", async () => {
    const mfaUser = await makeUser({ mfa: true });
    const login = await loginViaApi(mfaUser);
    const res = await verify(login.json.token, await codeFor(mfaUser));
    expect(res.status).toBe(200);
    expect(res.json.consumer).toEqual({ type: "USER", businessProfileId: null, name: mfaUser.email, id: mfaUser.id, authorities: [], roles: "-2" });
    expect(res.json.mfaMethods).toEqual([]);
    expect((await verifyWithJwks(res.json.token, "gatehouse:user")).payload).toMatchObject({ stage: "user", sub: String(mfaUser.id), sid: inspectToken(login.json.token).claims.sid });
  });

  it("GET /uauth/business-profile/: the caller's workspaces only, each in the seed's shape (threat: listing other tenants)", async () => {
    const { token } = await signInViaApi(ada);
    const res = await list(token);
    expect(res.status).toBe(200);
    expect(res.json.map((p: { businessProfileGuid: string }) => p.businessProfileGuid).sort()).toEqual([acme.guid, globex.guid].sort());
    const acmeProfile = res.json.find((p: { id: number }) => p.id === acme.id);
    expect(Object.keys(acmeProfile).sort()).toEqual(["businessProfileGuid", "created", "id", "ipRestricted", "logo", "mfaRequired", "name", "subdomain"]);
    expect(acmeProfile).toEqual({
      id: acme.id,
      name: "Acme",
      logo: "https://cdn.example/acme.png",
      businessProfileGuid: acme.guid,
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      subdomain: acme.subdomain,
      ipRestricted: false,
      mfaRequired: false,
    });
  });

  it("POST /uauth/auth/login/user/profile/{guid}: {token, consumer} (the seed's shape, no refresh token) with the role id and its authorities; the token names the workspace", async () => {
    const { token } = await signInViaApi(ada);
    const res = await select(token, acme.guid);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(["consumer", "token"]);
    const superuser = await roleOf(acme, "superuser");
    expect(res.json.consumer).toEqual({ type: "USER", businessProfileId: acme.id, name: ada.email, id: ada.id, authorities: [...ALL_AUTHORITIES].sort(), roles: String(superuser.id) });
    const { payload } = await verifyWithJwks(res.json.token, "gatehouse:workspace");
    expect(payload).toMatchObject({ stage: "workspace", ws: acme.guid, sub: String(ada.id), role: String(superuser.id), authorities: [...ALL_AUTHORITIES].sort() });
    for (const claim of ["iss", "aud", "sub", "sid", "stage", "iat", "exp", "jti"]) expect(payload[claim]).toBeDefined();
  });

  it("publishes only public keys, cacheable (threat: leaking the signing key)", async () => {
    const res = await api.get(jwksRoute, "/.well-known/jwks.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("public");
    for (const key of res.json.keys) {
      expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
      expect(key.d).toBeUndefined();
    }
  });
});

describe("token stages (rule 2)", () => {
  let mfaPending: string;
  beforeAll(async () => {
    mfaPending = (await loginViaApi(bob)).json.token;
  });

  it("a user token never works on a workspace endpoint (threat: acting in a workspace without choosing it)", async () => {
    const { token } = await signInViaApi(ada);
    const res = await profile(token, acme.guid);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("WORKSPACE_REQUIRED");
  });

  it("an MFA-pending token cannot list, select or read workspaces, nor use /uauth/me (threat: skipping the second factor)", async () => {
    for (const res of [await list(mfaPending), await select(mfaPending, acme.guid), await profile(mfaPending, acme.guid), await me(mfaPending)]) {
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("MFA_REQUIRED");
    }
  });

  it("a signed-in token cannot be taken through the MFA step again", async () => {
    const { token } = await signInViaApi(ada);
    const res = await verify(token, "123456");
    expect(res.status).toBe(401);
  });

  it("a workspace token of A never works for B (threat: cross-tenant access)", async () => {
    const { token: userToken } = await signInViaApi(ada);
    const { token } = await enterViaApi(userToken, acme);
    expect((await profile(token, acme.guid)).status).toBe(200);
    const res = await profile(token, globex.guid);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("WRONG_WORKSPACE");
    // Upper-case spelling of the other guid is the same workspace, still refused.
    expect((await profile(token, globex.guid.toUpperCase())).json.error.code).toBe("WRONG_WORKSPACE");
  });

  it("a workspace token may list workspaces (to switch), as the seed says", async () => {
    const { token: userToken } = await signInViaApi(ada);
    const { token } = await enterViaApi(userToken, acme);
    expect((await list(token)).status).toBe(200);
  });
});

describe("workspace policy (rule 3)", () => {
  it("refuses a workspace that requires MFA to a user without MFA, naming the requirement", async () => {
    const user = await makeUser();
    const strict = await makeWorkspace({ mfaRequired: true, members: [[user, "member"]] });
    const { token } = await signInViaApi(user);
    const res = await select(token, strict.guid);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: { code: "POLICY_REQUIREMENTS", message: expect.any(String), requirements: [{ type: "mfa_enroll" }] } });
  });

  it("admits a user who passed MFA to a workspace that requires it", async () => {
    const user = await makeUser({ mfa: true });
    const strict = await makeWorkspace({ mfaRequired: true, members: [[user, "member"]] });
    const { token } = await signInViaApi(user);
    expect((await select(token, strict.guid)).status).toBe(200);
  });

  describe("IP allow-list", () => {
    let user: TestUser;
    let office: TestWorkspace;
    beforeAll(async () => {
      user = await makeUser();
      office = await makeWorkspace({ ipRestricted: true, ipRanges: ["10.0.0.0/8"], members: [[user, "member"]] });
    });

    it("refuses a caller outside the list and admits one inside (threat: entering from anywhere)", async () => {
      const outside = await signInViaApi(user, { ip: "198.51.100.20" });
      const refused = await select(outside.token, office.guid, "198.51.100.20");
      expect(refused.status).toBe(403);
      expect(refused.json.error).toMatchObject({ code: "POLICY_REQUIREMENTS", requirements: [{ type: "ip", reason: "not_in_allowlist" }] });
      const inside = await signInViaApi(user, { ip: "10.1.2.3" });
      expect((await select(inside.token, office.guid, "10.1.2.3")).status).toBe(200);
    });

    it("checks the address again on every request and on refresh (threat: a token carried out of the office)", async () => {
      const signedIn = await signInViaApi(user, { ip: "10.1.2.3" });
      const entered = await enterViaApi(signedIn.token, office, { ip: "10.1.2.3" });
      expect((await me(entered.token, "10.1.2.3")).status).toBe(200);
      for (const res of [await me(entered.token, "198.51.100.20"), await profile(entered.token, office.guid, "198.51.100.20"), await refresh(signedIn.refreshToken, "198.51.100.20")]) {
        expect(res.status).toBe(403);
        expect(res.json.error).toMatchObject({ code: "POLICY_REQUIREMENTS", requirements: [{ type: "ip", reason: "not_in_allowlist" }] });
      }
      expect((await refresh(signedIn.refreshToken, "10.1.2.3")).status).toBe(200);
    });

    it("leaves a workspace token carried outside able to list, switch and sign out (threat: a session that cannot even be ended)", async () => {
      const elsewhere = await makeWorkspace({ members: [[user, "member"]] });
      const { token: userToken } = await signInViaApi(user, { ip: "10.1.2.3" });
      const entered = await enterViaApi(userToken, office, { ip: "10.1.2.3" });
      expect((await list(entered.token, "198.51.100.20")).status).toBe(200);
      const switched = await select(entered.token, elsewhere.guid, "198.51.100.20");
      expect(switched.status).toBe(200);
      const again = await enterViaApi(switched.json.token, office, { ip: "10.1.2.3" });
      expect((await api.post(logoutRoute, "/uauth/auth/logout", { token: again.token, ip: "198.51.100.20" })).status).toBe(204);
      expect((await me(again.token, "10.1.2.3")).status).toBe(401);
    });

    it("ignores X-Forwarded-For from a peer that is not a trusted proxy (threat: claiming an office address)", async () => {
      const { token } = await signInViaApi(user);
      const res = await api.post(selectRoute, selectPath(office.guid), { token, params: { guid: office.guid }, headers: { "x-forwarded-for": "10.1.2.3" } });
      expect(res.status).toBe(403);
      expect(res.json.error.requirements).toEqual([{ type: "ip", reason: "not_in_allowlist" }]);
    });

    it("believes X-Forwarded-For when TRUSTED_PROXIES names the peer", async () => {
      const { token } = await signInViaApi(user);
      vi.stubEnv("TRUSTED_PROXIES", "127.0.0.1/32");
      vi.resetModules();
      const { POST: selectBehindProxy } = await import("@/app/uauth/auth/login/user/profile/[guid]/route");
      const res = await api.post(selectBehindProxy, selectPath(office.guid), { token, params: { guid: office.guid }, headers: { "x-forwarded-for": "10.1.2.3" } });
      expect(res.status).toBe(200);
    });
  });

  it("answers a workspace one is not a member of and one that does not exist alike (threat: probing for tenants)", async () => {
    const { token } = await signInViaApi(ada);
    const notMember = await select(token, elsewhere.guid);
    const unknown = await select(token, "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b");
    expect(notMember.status).toBe(403);
    expect(notMember.json.error.code).toBe("NOT_A_MEMBER");
    expect(unknown.status).toBe(notMember.status);
    expect(unknown.json).toEqual(notMember.json);
  });

  it("refuses a malformed workspace id with 400 naming the field", async () => {
    const { token } = await signInViaApi(ada);
    const res = await select(token, "not-a-guid");
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("VALIDATION_FAILED");
    expect(res.json.error.fields).toEqual({ guid: expect.any(String) });
  });
});

describe("TOTP through the API (rule 4)", () => {
  it("accepts a code once: the same code in another sign-in is 401 INVALID_MFA_CODE (threat: replay)", async () => {
    const user = await makeUser({ mfa: true });
    const code = await codeFor(user);
    expect((await verify((await loginViaApi(user)).json.token, code)).status).toBe(200);
    const replay = await verify((await loginViaApi(user)).json.token, code);
    expect(replay.status).toBe(401);
    expect(replay.json.error.code).toBe("INVALID_MFA_CODE");
  });

  it("lets exactly one of two parallel verifications with one code through (threat: racing a replay)", async () => {
    const user = await makeUser({ mfa: true });
    const [a, b] = await Promise.all([loginViaApi(user), loginViaApi(user)]);
    const code = await codeFor(user);
    const results = await Promise.all([verify(a.json.token, code), verify(b.json.token, code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it("ends the challenge after five tries: then 401 MFA_CHALLENGE_ENDED even with the right code (threat: guessing six digits)", async () => {
    const user = await makeUser({ mfa: true });
    const { token } = (await loginViaApi(user)).json;
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await verify(token, "000000"));
    expect(answers.map((a) => [a.status, a.json.error.code])).toEqual([...Array(4).fill([401, "INVALID_MFA_CODE"]), [401, "MFA_CHALLENGE_ENDED"]]);
    const right = await verify(token, await codeFor(user));
    expect(right.status).toBe(401);
    expect(right.json.error.code).toBe("MFA_CHALLENGE_ENDED");
  });

  it("refuses the MFA-pending token everywhere but MFA verification and logout", async () => {
    const user = await makeUser({ mfa: true });
    const { token } = (await loginViaApi(user)).json;
    expect((await me(token)).status).toBe(403);
    expect((await list(token)).status).toBe(403);
    expect((await logout(token)).status).toBe(204);
    // Logged out: the challenge is over too.
    expect((await verify(token, await codeFor(user))).status).toBe(401);
  });

  it("accepts a recovery code (mfaType=RECOVERY_CODE) exactly once", async () => {
    const user = await makeUser({ mfa: true });
    const [code] = user.recoveryCodes;
    const first = await verify((await loginViaApi(user)).json.token, code!, RECOVERY_PATH);
    expect(first.status).toBe(200);
    expect(inspectToken(first.json.token).claims.stage).toBe("user");
    const again = await verify((await loginViaApi(user)).json.token, code!, RECOVERY_PATH);
    expect(again.status).toBe(401);
    expect(again.json.error.code).toBe("INVALID_MFA_CODE");
  });

  it("refuses an unknown mfaType with 400 naming it", async () => {
    const { token } = (await loginViaApi(bob)).json;
    const res = await verify(token, "123456", "/uauth/auth/login/user/mfa/verification?mfaType=SMS");
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual({ mfaType: expect.any(String) });
  });
});

describe("sessions (rule 6)", () => {
  it("logout ends every token of the session though none has expired (threat: a token outliving sign-out)", async () => {
    const signedIn = await signInViaApi(ada);
    const entered = await enterViaApi(signedIn.token, acme);
    expect((await logout(entered.token)).status).toBe(204);
    for (const res of [await me(signedIn.token), await me(entered.token), await profile(entered.token, acme.guid), await logout(entered.token)]) {
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("SESSION_ENDED");
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
    }
    expect((await refresh(signedIn.refreshToken)).status).toBe(401);
  });

  it("switching workspace ends the old workspace token; selecting it again does not revive it (threat: a leaked token of a workspace left)", async () => {
    const { token: userToken } = await signInViaApi(ada);
    const firstAcme = await enterViaApi(userToken, acme);
    const inGlobex = await enterViaApi(firstAcme.token, globex);
    expect((await me(firstAcme.token)).json.error.code).toBe("SESSION_ENDED");
    expect((await me(inGlobex.token)).status).toBe(200);
    const secondAcme = await enterViaApi(inGlobex.token, acme);
    expect((await me(secondAcme.token)).status).toBe(200);
    expect((await me(firstAcme.token)).status).toBe(401);
    expect((await me(inGlobex.token)).status).toBe(401);
  });

  it("a removed membership ends access on the next request (threat: an ex-member keeping a token)", async () => {
    const user = await makeUser();
    const workspace = await makeWorkspace({ members: [[user, "member"]] });
    const { token } = await enterViaApi((await signInViaApi(user)).token, workspace);
    expect((await me(token)).status).toBe(200);
    // The one place a test edits a row directly: there is no domain function to remove a member yet.
    await db().membership.delete({ where: { workspaceId_userId: { workspaceId: workspace.id, userId: user.id } } });
    const res = await me(token);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("NOT_A_MEMBER");
  });

  it("a changed role shows on the next request: authorities come from the database, not the token (threat: stale privileges)", async () => {
    const user = await makeUser();
    const workspace = await makeWorkspace({ members: [[user, "member"]] });
    const { token } = await enterViaApi((await signInViaApi(user)).token, workspace);
    const member = await roleOf(workspace, "member");
    const before = parseAuthorities(member.authorities);
    expect((await me(token)).json.authorities).toEqual(before);
    const after: Authority[] = ["ROLE_CRM_SHOW"];
    await db().role.update({ where: { id: member.id }, data: { authorities: after.join(" ") } }); // no role-editing function yet
    const res = await me(token);
    expect(res.json.authorities).toEqual(after);
    expect(res.json.consumer.authorities).toEqual(after);
    expect(inspectToken(token).claims.authorities).toEqual(before);
  });

  it("a disabled user's tokens stop working (threat: a dismissed employee's session)", async () => {
    const user = await makeUser();
    const workspace = await makeWorkspace({ members: [[user, "member"]] });
    const signedIn = await signInViaApi(user);
    const entered = await enterViaApi(signedIn.token, workspace);
    await db().user.update({ where: { id: user.id }, data: { status: "DISABLED" } }); // no domain function to disable a user yet
    for (const res of [await me(signedIn.token), await me(entered.token), await refresh(signedIn.refreshToken)]) expect(res.status).toBe(401);
  });
});

describe("refresh (rule 7)", () => {
  it("returns a new pair whose token works", async () => {
    const signedIn = await signInViaApi(ada);
    await enterViaApi(signedIn.token, acme);
    const res = await refresh(signedIn.refreshToken);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(["expiresAt", "refreshToken", "stage", "token"]);
    expect(res.json.stage).toBe("workspace");
    expect(res.json.refreshToken).not.toBe(signedIn.refreshToken);
    expect((await profile(res.json.token, acme.guid)).status).toBe(200);
  });

  it("gives five concurrent refreshes with one token the same pair (several tabs, retried requests)", async () => {
    const signedIn = await signInViaApi(ada);
    const entered = await enterViaApi(signedIn.token, acme);
    const results = await Promise.all(Array.from({ length: 5 }, () => refresh(signedIn.refreshToken)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    for (const r of results) expect(r.json).toEqual(results[0]!.json);
    expect(await db().refreshToken.count({ where: { sessionId: inspectToken(entered.token).claims.sid as string, usedAt: null } })).toBe(1);
  });

  it("ends the whole session when a spent token returns after the grace window (threat: a stolen refresh token)", async () => {
    const signedIn = await signInViaApi(ada);
    const entered = await enterViaApi(signedIn.token, acme);
    const sid = inspectToken(entered.token).claims.sid as string;
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date());
    const rotated = await refresh(signedIn.refreshToken);
    vi.setSystemTime(Date.now() + 11_000);
    const reuse = await refresh(signedIn.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.json.error.code).toBe("SESSION_ENDED");
    expect((await me(rotated.json.token)).json.error.code).toBe("SESSION_ENDED");
    expect((await refresh(rotated.json.refreshToken)).status).toBe(401);
    expect(await db().auditEvent.count({ where: { action: "auth.token.reuse_detected", targetId: sid } })).toBe(1);
  });

  it("refuses an unknown refresh token without a session to end", async () => {
    const res = await refresh("ghr_this-token-was-never-issued-by-gatehouse");
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("INVALID_TOKEN");
  });
});

describe("audit (rule 11)", () => {
  it("records every sign-in step, failure, refusal, selection, refresh and logout of a journey", async () => {
    const user = await makeUser({ mfa: true });
    const office = await makeWorkspace({ ipRestricted: true, ipRanges: ["10.0.0.0/8"], members: [[user, "member"]] });
    const open = await makeWorkspace({ members: [[user, "analyst"]] });
    expect((await loginViaApi(user, { password: "wrong password" })).status).toBe(401);
    const login = await loginViaApi(user);
    expect((await verify(login.json.token, "000000")).status).toBe(401);
    const passed = await verify(login.json.token, await codeFor(user));
    expect((await select(passed.json.token, office.guid)).status).toBe(403);
    expect((await select(passed.json.token, elsewhere.guid)).status).toBe(403);
    const entered = await enterViaApi(passed.json.token, open);
    const refreshed = await refresh(passed.json.refreshToken);
    expect((await logout(refreshed.json.token)).status).toBe(204);

    // (auth.mfa.enabled is the fixture's enrolment, before the journey.)
    expect((await auditActions(user.id)).filter((action) => action !== "auth.mfa.enabled")).toEqual([
      "auth.login.failed",
      "auth.login.succeeded",
      "auth.mfa.failed",
      "auth.mfa.succeeded",
      "auth.workspace.refused",
      "auth.workspace.refused",
      "auth.workspace.selected",
      "auth.token.refreshed",
      "auth.logout",
    ]);
    // Never a password, code or token in the log.
    const events = await db().auditEvent.findMany({ where: { actorUserId: user.id }, orderBy: { id: "asc" } });
    expect(events.filter((e) => e.action === "auth.workspace.refused").map((e) => [e.targetId, JSON.parse(e.metadata)])).toEqual([
      [office.guid, { step: "select", requirements: [{ type: "ip", reason: "not_in_allowlist" }] }],
      [elsewhere.guid, { step: "select", reason: "not_a_member" }],
    ]);
    // A probe of a workspace one is not in stays out of that workspace's own log.
    expect(await db().auditEvent.count({ where: { workspaceId: elsewhere.id, actorUserId: user.id } })).toBe(0);
    const logged = JSON.stringify(events);
    for (const secret of [user.password, "wrong password", login.json.token, passed.json.token, entered.token, passed.json.refreshToken, user.secret!]) expect(logged).not.toContain(secret);
  });
});
