// Signing-key rotation over the route handlers, as a restarted Gatehouse sees it: the key set of
// two rotations (the last five minutes ago), read from GATEHOUSE_SIGNING_KEYS as the server reads
// it. A token the previous key signed before the rotation still works; one from the key the
// rotation dropped gets 401.
import { createLocalJWKSet, jwtVerify, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import { GET as meRoute } from "@/app/uauth/me/route";
import { api, inspectToken, makeUser, makeWorkspace, signInViaApi, type TestUser } from "@/lib/testing/fixtures";
import { es256Token, type Claims } from "@/lib/testing/forged-tokens";
import { newSigningKey, rotateSigningKeys } from "@/scripts/lib/secrets";
import { AUDIENCE, issuer, signAccessToken, type AccessClaims } from "./jwt";

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
const me = (token: string) => api.get(meRoute, "/uauth/me", { token });

// The key set from before either rotation: one key, which the first rotation retired two hours ago.
const removed = newSigningKey();
const first = rotateSigningKeys(JSON.stringify([removed]), minutesAgo(120));
const second = rotateSigningKeys(first.value, minutesAgo(5));
const previousKid = first.added;
// Read on first use, so before any token is signed or verified in this file.
vi.stubEnv("GATEHOUSE_SIGNING_KEYS", second.value);

let ada: TestUser;
let token: string;

beforeAll(async () => {
  ada = await makeUser();
  await makeWorkspace({ name: "Acme", members: [[ada, "superuser"]] });
  ({ token } = await signInViaApi(ada));
});

afterAll(() => vi.unstubAllEnvs());

/** The claims of a live session's token, signed as Gatehouse signed them `minutes` ago. */
async function signedMinutesAgo(minutes: number): Promise<string> {
  const { sub, sid, stage, role, email } = inspectToken(token).claims as unknown as AccessClaims;
  return (await signAccessToken({ sub, sid, stage, role, email }, minutesAgo(minutes))).token;
}

describe("after a signing-key rotation", () => {
  it("the rotations dropped the oldest key and retired the previous one", () => {
    expect(second.dropped).toEqual([removed.kid]);
    expect(second.retired?.kid).toBe(previousKid);
  });

  it("signs new tokens with the new key", async () => {
    expect(inspectToken(token).header.kid).toBe(second.added);
    expect((await me(token)).status).toBe(200);
  });

  it("accepts a token the previous key signed before the rotation, on /uauth/me and with the published JWKS", async () => {
    const before = await signedMinutesAgo(6);
    expect(inspectToken(before).header.kid).toBe(previousKid);
    const res = await me(before);
    expect(res.status).toBe(200);
    expect(res.json.user.id).toBe(ada.id);
    // A platform service verifying with /.well-known/jwks.json accepts it too.
    const jwks = await api.get(jwksRoute, "/.well-known/jwks.json");
    expect(jwks.json.keys.map((key: { kid: string }) => key.kid).sort()).toEqual([second.added, previousKid].sort());
    await expect(jwtVerify(before, createLocalJWKSet(jwks.json), { algorithms: ["ES256"], issuer: issuer(), audience: AUDIENCE.user })).resolves.toBeTruthy();
  });

  it("refuses with 401 a token of the key the rotation dropped (threat: a removed key still trusted)", async () => {
    const fromRemovedKey = await es256Token(inspectToken(token).claims as Claims, { key: removed });
    const res = await me(fromRemovedKey);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("INVALID_TOKEN");
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("refuses with 401 a token the previous key signed after it retired (threat: a leaked retired key minting fresh tokens)", async () => {
    const previousKey = (JSON.parse(second.value) as (JWK & { kid: string })[]).find((key) => key.kid === previousKid)!;
    const res = await me(await es256Token(inspectToken(token).claims as Claims, { key: previousKey }));
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("INVALID_TOKEN");
  });
});
