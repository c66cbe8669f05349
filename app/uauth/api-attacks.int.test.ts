// The REST API under attack, called through the route handlers with no middleware in front:
// forged tokens, account enumeration (answers and timing), password and code guessing, and
// malformed input. Each case names the threat it guards.
import { performance } from "node:perf_hooks";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as loginRoute } from "@/app/uauth/auth/login/user/route";
import { POST as mfaRoute } from "@/app/uauth/auth/login/user/mfa/verification/route";
import { POST as selectRoute } from "@/app/uauth/auth/login/user/profile/[guid]/route";
import { POST as refreshRoute } from "@/app/uauth/auth/refresh/route";
import { GET as profileRoute } from "@/app/uauth/business-profile/[guid]/route";
import { GET as listRoute } from "@/app/uauth/business-profile/route";
import { GET as meRoute } from "@/app/uauth/me/route";
import { loginWithPassword } from "@/lib/auth/journey";
import { RULES } from "@/lib/auth/throttle";
import { db } from "@/lib/db/client";
import {
  api,
  codeFor,
  context,
  enterViaApi,
  freshIp,
  inspectToken,
  LOGIN_PATH,
  loginViaApi,
  makeUser,
  makeWorkspace,
  MFA_PATH,
  selectPath,
  signInViaApi,
  type ApiResult,
  type TestUser,
  type TestWorkspace,
} from "@/lib/testing/fixtures";
import { es256Token, forgeries, tamper, type Claims } from "@/lib/testing/forged-tokens";

const me = (token: string) => api.get(meRoute, "/uauth/me", { token });

/** A 401 as RFC 6750 wants it: a Bearer challenge and the JSON error shape. */
function expect401(res: ApiResult, code: string) {
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="gatehouse"/);
  expect(res.json).toEqual({ error: { code, message: expect.any(String) } });
}

let ada: TestUser;
let acme: TestWorkspace;
let globex: TestWorkspace;

beforeAll(async () => {
  ada = await makeUser();
  acme = await makeWorkspace({ members: [[ada, "member"]] });
  globex = await makeWorkspace({ members: [[ada, "member"]] });
});

describe("forged and unusable tokens (rule 5)", () => {
  let userClaims: Claims;
  let workspaceToken: string;
  beforeAll(async () => {
    const signedIn = await signInViaApi(ada);
    userClaims = inspectToken(signedIn.token).claims;
    // Select on a second session, so the user token's session stays at the user stage.
    workspaceToken = (await enterViaApi((await signInViaApi(ada)).token, acme)).token;
  });

  it("accepts the live session's claims re-signed with Gatehouse's key (control: each refusal below is the attack's)", async () => {
    expect((await me(await es256Token(userClaims))).status).toBe(200);
  });

  for (const [attack, forge] of Object.entries(forgeries)) {
    it(`refuses a token ${attack} with 401 INVALID_TOKEN`, async () => {
      expect401(await me(await forge(userClaims)), "INVALID_TOKEN");
    });
  }

  it("refuses a payload edited after signing (threat: raising one's own authorities or switching tenant)", async () => {
    expect401(await me(tamper(workspaceToken, (claims) => ({ ...claims, authorities: ["ROLE_ADMIN_EDITUSER"] }))), "INVALID_TOKEN");
    const intoGlobex = tamper(workspaceToken, (claims) => ({ ...claims, ws: globex.guid }));
    expect401(await api.get(profileRoute, `/uauth/business-profile/${globex.guid}`, { token: intoGlobex, params: { guid: globex.guid } }), "INVALID_TOKEN");
  });

  it("refuses a request without credentials with 401 UNAUTHENTICATED and a bare Bearer challenge", async () => {
    const res = await api.get(listRoute, "/uauth/business-profile/");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="gatehouse"');
    expect(res.json.error.code).toBe("UNAUTHENTICATED");
  });

  it("refuses other authorization schemes and malformed Bearer headers (threat: a password sent as Basic credentials)", async () => {
    for (const authorization of [`Basic ${Buffer.from(`${ada.email}:${ada.password}`).toString("base64")}`, "Bearer", "Bearer a b", `Token ${workspaceToken}`]) {
      const res = await api.get(listRoute, "/uauth/business-profile/", { headers: { authorization } });
      expect401(res, "INVALID_TOKEN");
      expect(JSON.stringify(res.json)).not.toContain(ada.password);
    }
  });
});

describe("account enumeration (rule 8)", () => {
  let disabled: TestUser;
  beforeAll(async () => {
    disabled = await makeUser();
    await db().user.update({ where: { id: disabled.id }, data: { status: "DISABLED" } }); // no domain function to disable a user yet
  });

  it("answers a wrong password, an unknown e-mail and a disabled account identically (threat: learning who has an account)", async () => {
    const ip = freshIp();
    const answers = [
      await loginViaApi(ada, { ip, password: "not the password at all" }),
      await loginViaApi({ email: "no-such-person@example.test", password: ada.password }, { ip }),
      await loginViaApi(disabled, { ip }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.json).toEqual(answers[0]!.json);
      expect(res.headers.get("www-authenticate")).toBe(answers[0]!.headers.get("www-authenticate"));
    }
    expect(answers[0]!.json.error.code).toBe("INVALID_CREDENTIALS");
    expect(JSON.stringify(answers[0]!.json)).not.toMatch(/exist|unknown|disabled|account not/i);
  });
});

