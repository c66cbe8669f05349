import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { es256Token, forgeries, tamper, type Claims } from "@/lib/testing/forged-tokens";
import { ACCESS_TOKEN_TTL, AUDIENCE, issuer, publicJwks, signAccessToken, verifyAccessToken } from "./jwt";

const NOW = new Date("2030-05-01T10:00:00Z");
const userClaims = { sub: "42", sid: "session-1", stage: "user" as const, role: "-2", email: "eve@example.test" };

async function realUserToken() {
  return (await signAccessToken(userClaims, NOW)).token;
}

describe("signAccessToken", () => {
  it("signs ES256 with the published kid and every claim the platform relies on", async () => {
    const token = await realUserToken();
    const header = decodeProtectedHeader(token);
    const claims = decodeJwt(token);
    expect(header).toMatchObject({ alg: "ES256", typ: "at+jwt" });
    expect((await publicJwks()).keys.map((key) => key.kid)).toContain(header.kid);
    expect(claims).toMatchObject({ iss: issuer(), aud: AUDIENCE.user, sub: "42", sid: "session-1", stage: "user" });
    expect(claims.exp! - claims.iat!).toBe(ACCESS_TOKEN_TTL.user);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps MFA-pending tokens short-lived (threat: a stolen half-signed-in token lingering)", async () => {
    const { token } = await signAccessToken({ ...userClaims, stage: "mfa" }, NOW);
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(300);
    expect(claims.aud).toBe(AUDIENCE.mfa);
  });

  it("signs a shorter lifetime when asked (a workspace's token policy), never a longer one than the stage's", async () => {
    const short = await signAccessToken(userClaims, NOW, 180);
    expect(decodeJwt(short.token).exp! - decodeJwt(short.token).iat!).toBe(180);
    expect(short.expiresAt).toEqual(new Date(NOW.getTime() + 180_000));
    expect(await verifyAccessToken(short.token, ["user"], NOW)).not.toBeNull();
    const long = await signAccessToken(userClaims, NOW, 24 * 3600);
    expect(decodeJwt(long.token).exp! - decodeJwt(long.token).iat!).toBe(ACCESS_TOKEN_TTL.user);
  });

  it("never publishes the private part of the signing key (threat: anyone minting tokens)", async () => {
    for (const key of (await publicJwks()).keys) {
      expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x", "y"]);
    }
  });
});

describe("verifyAccessToken (threat: forged or replayed tokens accepted)", () => {
  it("accepts Gatehouse's own token, and the same claims re-signed with its key (control)", async () => {
    const token = await realUserToken();
    expect(await verifyAccessToken(token, ["user"], NOW)).toMatchObject({ sub: "42", sid: "session-1" });
    // Proves the forgery helper builds otherwise-valid tokens, so each refusal below is the attack's.
    expect(await verifyAccessToken(await es256Token(decodeJwt(token) as Claims), ["user"], NOW)).not.toBeNull();
  });

  for (const [attack, forge] of Object.entries(forgeries)) {
    it(`refuses a token ${attack}`, async () => {
      const claims = decodeJwt(await realUserToken()) as Claims;
      // Expiry is checked against the real clock in that forgery; everything else at NOW.
      const now = attack.startsWith("expired") ? new Date() : NOW;
      expect(await verifyAccessToken(await forge(claims), ["user", "workspace", "mfa"], now)).toBeNull();
    });
  }

  it("refuses a payload edited after signing (threat: raising one's own authorities)", async () => {
    const token = await realUserToken();
    const forged = tamper(token, (claims) => ({ ...claims, sub: "1", authorities: ["ROLE_ADMIN_EDITUSER"] }));
    expect(await verifyAccessToken(forged, ["user"], NOW)).toBeNull();
  });

  it("refuses an expired token, beyond five seconds of clock skew (threat: replay of an old token)", async () => {
    const token = await realUserToken();
    const expiry = NOW.getTime() + ACCESS_TOKEN_TTL.user * 1000;
    expect(await verifyAccessToken(token, ["user"], new Date(expiry + 4_000))).not.toBeNull();
    expect(await verifyAccessToken(token, ["user"], new Date(expiry + 6_000))).toBeNull();
  });

  it("refuses a token of one step where another is required (threat: skipping MFA or workspace selection)", async () => {
    const { token: mfaToken } = await signAccessToken({ ...userClaims, stage: "mfa" }, NOW);
    expect(await verifyAccessToken(mfaToken, ["user", "workspace"], NOW)).toBeNull();
    expect(await verifyAccessToken(await realUserToken(), ["workspace"], NOW)).toBeNull();
  });

  it("refuses a stage claim that disagrees with the audience (threat: relabelling a token)", async () => {
    const claims = decodeJwt(await realUserToken()) as Claims;
    expect(await verifyAccessToken(await es256Token({ ...claims, stage: "workspace" }), ["user", "workspace"], NOW)).toBeNull();
    // A workspace token must name its workspace and version.
    expect(await verifyAccessToken(await es256Token({ ...claims, stage: "workspace", aud: AUDIENCE.workspace }), ["workspace"], NOW)).toBeNull();
  });

  it("refuses garbage without throwing", async () => {
    for (const garbage of ["", "abc", "a.b", "a.b.c", "x".repeat(9000), `${"eyJ".repeat(10)}.e30.`]) {
      expect(await verifyAccessToken(garbage, ["user"], NOW)).toBeNull();
    }
  });
});

describe("verifyAccessToken time claims (threat: a token minted ahead of time or for years with the real key)", () => {
  const nowSeconds = Math.floor(NOW.getTime() / 1000);
  const claimsAt = async (iat: number, exp: number) => ({ ...(decodeJwt(await realUserToken()) as Claims), iat, exp });

  it("refuses an iat more than 60 s ahead of the clock, and accepts one within the skew", async () => {
    // Threat: a token dated a day ahead, valid for a day after the key that signed it was rotated out.
    const dayAhead = await es256Token(await claimsAt(nowSeconds + 86_400, nowSeconds + 86_400 + ACCESS_TOKEN_TTL.user));
    expect(await verifyAccessToken(dayAhead, ["user"], NOW)).toBeNull();
    const minuteAndABitAhead = await es256Token(await claimsAt(nowSeconds + 61, nowSeconds + 61 + ACCESS_TOKEN_TTL.user));
    expect(await verifyAccessToken(minuteAndABitAhead, ["user"], NOW)).toBeNull();
    const slightlyAhead = await es256Token(await claimsAt(nowSeconds + 30, nowSeconds + 30 + ACCESS_TOKEN_TTL.user));
    expect(await verifyAccessToken(slightlyAhead, ["user"], NOW)).not.toBeNull();
  });

  it("refuses a lifetime (exp - iat) longer than the stage's access-token TTL", async () => {
    // Threat: a ten-year token that no session check of a foreign verifier would ever end.
    const tenYears = await es256Token(await claimsAt(nowSeconds, nowSeconds + 10 * 365 * 86_400));
    expect(await verifyAccessToken(tenYears, ["user"], NOW)).toBeNull();
    const oneSecondTooLong = await es256Token(await claimsAt(nowSeconds, nowSeconds + ACCESS_TOKEN_TTL.user + 1));
    expect(await verifyAccessToken(oneSecondTooLong, ["user"], NOW)).toBeNull();
    // The MFA stage's shorter lifetime is its own bound: a user-length MFA token is refused.
    const { token: mfaToken } = await signAccessToken({ ...userClaims, stage: "mfa" }, NOW);
    const longMfa = await es256Token({ ...(decodeJwt(mfaToken) as Claims), exp: nowSeconds + ACCESS_TOKEN_TTL.user });
    expect(await verifyAccessToken(longMfa, ["mfa"], NOW)).toBeNull();
    expect(await verifyAccessToken(await es256Token(await claimsAt(nowSeconds, nowSeconds + ACCESS_TOKEN_TTL.user)), ["user"], NOW)).not.toBeNull();
  });
});

// A verified token is remembered (lib/tokens/verify.ts): what depends on the clock and on the
// caller must still be judged on every use, or a remembered token would outlive its checks.
describe("verifyAccessToken on a token it has verified before (threat: a remembered token outliving its checks)", () => {
  it("answers the same claims again, and still refuses it for a stage it is not", async () => {
    const token = await realUserToken();
    const first = await verifyAccessToken(token, ["user"], NOW);
    expect(first).toMatchObject({ sub: "42", stage: "user" });
    expect(await verifyAccessToken(token, ["user"], NOW)).toEqual(first);
    expect(await verifyAccessToken(token, ["workspace"], NOW)).toBeNull();
    expect(await verifyAccessToken(token, ["mfa"], NOW)).toBeNull();
  });

  it("refuses it once expired, and at a clock its iat is more than 60 s ahead of", async () => {
    const token = await realUserToken();
    expect(await verifyAccessToken(token, ["user"], NOW)).not.toBeNull();
    expect(await verifyAccessToken(token, ["user"], new Date(NOW.getTime() + (ACCESS_TOKEN_TTL.user + 6) * 1000))).toBeNull();
    expect(await verifyAccessToken(token, ["user"], new Date(NOW.getTime() - 61_000))).toBeNull();
    // Neither refusal evicts it: at the right time it is still the valid token it was.
    expect(await verifyAccessToken(token, ["user"], NOW)).not.toBeNull();
  });

  it("never takes an edited copy for the one it remembers", async () => {
    const token = await realUserToken();
    expect(await verifyAccessToken(token, ["user"], NOW)).not.toBeNull();
    const [header, , signature] = token.split(".");
    const edited = tamper(token, (claims) => ({ ...claims, sub: "1" }));
    expect(edited.split(".")[2]).toBe(signature);
    expect(edited.split(".")[0]).toBe(header);
    expect(await verifyAccessToken(edited, ["user"], NOW)).toBeNull();
  });
});
