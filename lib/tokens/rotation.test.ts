// Signing-key rotation end to end on the token modules: key sets made by the real rotation
// (scripts/lib/secrets.ts), each read the way the app reads GATEHOUSE_SIGNING_KEYS, and time moved
// by `now` instead of waiting.
import { createPublicKey } from "node:crypto";
import { base64url, decodeJwt, decodeProtectedHeader, SignJWT, type JWK } from "jose";
import { describe, expect, it, vi } from "vitest";
import { parseSigningKeys, parseVerificationKeys } from "@/lib/env";
import { es256Token, type Claims } from "@/lib/testing/forged-tokens";
import { newSigningKey, rotateSigningKeys } from "@/scripts/lib/secrets";
import { ACCESS_TOKEN_TTL } from "./claims";
import { RETIRED_KEY_GRACE_SECONDS } from "./keys";
import { createSigner } from "./sign";
import { createVerifier, type Verifier } from "./verify";

const T0 = new Date("2030-05-01T10:00:00Z");
const minutes = (n: number, from = T0) => new Date(from.getTime() + n * 60_000);
const claims = { sub: "42", sid: "session-1", stage: "user" as const, role: "-2", email: "eve@example.test" };

const signerFor = (value: string) => createSigner(parseSigningKeys(value));
const verifierFor = (value: string) => createVerifier(parseVerificationKeys(value));
const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const published = (verifier: Verifier, now: Date) => verifier.jwks(now).keys.map((key) => key.kid);

/** A key set from before rotation existed: one undated key, as `npm run secrets:generate` printed. */
const legacySet = () => JSON.stringify([newSigningKey()]);
/** The first (newest) key of a GATEHOUSE_SIGNING_KEYS value as a private JWK, to forge with. */
const jwkOf = (value: string) => (JSON.parse(value) as (JWK & { kid: string })[])[0]!;
const claimsOf = (token: string) => decodeJwt(token) as Claims;

describe("rotating the signing keys", () => {
  it("keeps a token signed before the rotation valid after it, and signs new tokens with the new key", async () => {
    const before = legacySet();
    const { token: old } = await signerFor(before).sign(claims, T0);
    const rotation = rotateSigningKeys(before, minutes(2));
    const [signer, verifier] = [signerFor(rotation.value), await verifierFor(rotation.value)];

    expect(await verifier.verify(old, ["user"], minutes(5))).toMatchObject({ sub: "42" });
    const { token: fresh } = await signer.sign(claims, minutes(5));
    expect(kidOf(fresh)).toBe(rotation.added);
    expect(kidOf(fresh)).not.toBe(kidOf(old));
    expect(await verifier.verify(fresh, ["user"], minutes(5))).not.toBeNull();
    expect(published(verifier, minutes(5)).sort()).toEqual([rotation.added, kidOf(old)].sort());
  });

  it("refuses the old key's tokens once its window is over, when it has left the JWKS (threat: a retired key living on)", async () => {
    const before = legacySet();
    const oldKid = parseSigningKeys(before)[0]!.kid;
    const rotation = rotateSigningKeys(before, T0);
    const verifier = await verifierFor(rotation.value);
    // The last token the old key signed, just before it retired.
    const { token: last } = await signerFor(before).sign(claims, minutes(-0.01));
    const windowEnd = new Date(T0.getTime() + RETIRED_KEY_GRACE_SECONDS * 1000);
    expect(rotation.retired).toEqual({ kid: oldKid, verifiesUntil: windowEnd });

    // Its token has expired (plus skew) by the window's end: the key is no longer needed.
    expect(windowEnd.getTime()).toBeGreaterThan(minutes(-0.01).getTime() + ACCESS_TOKEN_TTL.user * 1000);
    expect(published(verifier, windowEnd)).toContain(oldKid);
    const afterWindow = new Date(windowEnd.getTime() + 1000);
    expect(published(verifier, afterWindow)).toEqual([rotation.added]);
    // A token of the old key still within its own lifetime after the window (only a forged date
    // makes one) is refused all the same.
    const afterSeconds = Math.floor(afterWindow.getTime() / 1000);
    const reissued = await es256Token({ ...claimsOf(last), iat: afterSeconds - 60, exp: afterSeconds + 60 }, { key: jwkOf(before) });
    expect(await verifier.verify(reissued, ["user"], afterWindow)).toBeNull();

    // The next rotation drops the key from the set: its tokens name a kid nobody knows.
    const next = rotateSigningKeys(rotation.value, afterWindow);
    expect(next.dropped).toEqual([oldKid]);
    expect(parseSigningKeys(next.value).map((key) => key.kid)).not.toContain(oldKid);
    const { token: removedKeyToken } = await signerFor(before).sign(claims, afterWindow);
    expect(await (await verifierFor(next.value)).verify(removedKeyToken, ["user"], afterWindow)).toBeNull();
  });

  it("refuses a token it verified before once its key's window is over (threat: a remembered token outliving its key)", async () => {
    const before = legacySet();
    const rotation = rotateSigningKeys(before, T0);
    const verifier = await verifierFor(rotation.value);
    const windowEnd = new Date(T0.getTime() + RETIRED_KEY_GRACE_SECONDS * 1000);
    // The latest token the retired key may sign (its iat at the skew's edge), living until the window ends.
    const iat = Math.floor(T0.getTime() / 1000) + 60;
    const token = await es256Token({ ...claimsOf((await signerFor(before).sign(claims, T0)).token), iat, exp: iat + ACCESS_TOKEN_TTL.user }, { key: jwkOf(before) });
    expect(await verifier.verify(token, ["user"], new Date(windowEnd.getTime() - 1000))).not.toBeNull();
    // Within the token's expiry tolerance, but its key no longer verifies.
    expect(await verifier.verify(token, ["user"], new Date(windowEnd.getTime() + 1000))).toBeNull();
  });

  it("refuses a token the retired key signed after it retired (threat: a leaked retired key minting fresh tokens)", async () => {
    const before = legacySet();
    const verifier = await verifierFor(rotateSigningKeys(before, T0).value);
    const { token } = await signerFor(before).sign(claims, minutes(2));
    // Within the key's window and the token's own lifetime, but dated after the key stopped signing.
    expect(await verifier.verify(token, ["user"], minutes(3))).toBeNull();
  });

  it("publishes a key given --activate-in before it signs, so every instance knows it first", async () => {
    const before = legacySet();
    const oldKid = parseSigningKeys(before)[0]!.kid;
    const rotation = rotateSigningKeys(before, T0, 30);
    expect(rotation.activeFrom).toEqual(minutes(30));
    const [signer, verifier] = [signerFor(rotation.value), await verifierFor(rotation.value)];
    expect(published(verifier, T0)).toContain(rotation.added);
    expect(kidOf((await signer.sign(claims, minutes(29))).token)).toBe(oldKid);
    expect(kidOf((await signer.sign(claims, minutes(30))).token)).toBe(rotation.added);
    // An instance still on the old set verifies nothing of the new key, which is why it waits.
    expect(await (await verifierFor(before)).verify((await signer.sign(claims, minutes(30))).token, ["user"], minutes(30))).toBeNull();
  });

  it("refuses to sign when every key has retired, rather than signing with a retired one", async () => {
    const value = JSON.stringify([{ ...newSigningKey(), retiredAt: T0.toISOString() }]);
    await expect(signerFor(value).sign(claims, minutes(1))).rejects.toThrow(/No signing key is active/);
  });
});

describe("which key verifies a token (threat: a token choosing its own key or algorithm)", () => {
  // A set mid-rotation: the retired key still verifies, so attacks on it are live ones.
  async function midRotation() {
    const before = legacySet();
    const rotation = rotateSigningKeys(before, T0);
    const { token } = await signerFor(rotation.value).sign(claims, minutes(1));
    return { verifier: await verifierFor(rotation.value), retired: jwkOf(before), current: jwkOf(rotation.value), real: claimsOf(token) };
  }

  it("accepts the control: the real claims re-signed with the current key", async () => {
    const { verifier, current, real } = await midRotation();
    expect(await verifier.verify(await es256Token(real, { key: current }), ["user"], minutes(1))).not.toBeNull();
  });

  it("refuses a token without a kid, even though one of the keys would check its signature", async () => {
    const { verifier, current, real } = await midRotation();
    expect(await verifier.verify(await es256Token(real, { key: current, header: { kid: undefined } }), ["user"], minutes(1))).toBeNull();
  });

  it("refuses an unknown kid", async () => {
    const { verifier, current, real } = await midRotation();
    expect(await verifier.verify(await es256Token(real, { key: current, header: { kid: "gh-000000000000" } }), ["user"], minutes(1))).toBeNull();
  });

  it("refuses alg: none under the retired key's kid", async () => {
    const { verifier, retired, real } = await midRotation();
    const segment = (value: object) => base64url.encode(JSON.stringify(value));
    expect(await verifier.verify(`${segment({ alg: "none", typ: "at+jwt", kid: retired.kid })}.${segment(real)}.`, ["user"], minutes(1))).toBeNull();
  });

  it("refuses HS256 keyed with the retired key's public key, as PEM and as its published JWK", async () => {
    const { verifier, retired, real } = await midRotation();
    const jwk = verifier.jwks(minutes(1)).keys.find((key) => key.kid === retired.kid)!;
    const pem = createPublicKey({ key: jwk as never, format: "jwk" }).export({ format: "pem", type: "spki" }).toString();
    for (const secret of [pem, JSON.stringify(jwk)]) {
      const forged = await new SignJWT(real).setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: retired.kid }).sign(new TextEncoder().encode(secret));
      expect(await verifier.verify(forged, ["user"], minutes(1))).toBeNull();
    }
  });
});

describe("the verifier holds public keys only (threat: a private key reaching middleware)", () => {
  it("built from GATEHOUSE_SIGNING_KEYS, neither its state nor its JWKS has a private member", async () => {
    const value = rotateSigningKeys(legacySet(), T0).value;
    vi.stubEnv("GATEHOUSE_SIGNING_KEYS", value);
    vi.resetModules();
    try {
      const { verificationKeysEnv } = await import("@/lib/env");
      const verifier = await createVerifier(verificationKeysEnv());
      expect(verifier.keys).toHaveLength(2);
      for (const key of verifier.keys) {
        expect(key.cryptoKey.type).toBe("public");
        expect(Object.keys(key.published).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x", "y"]);
      }
      const privateParts = parseSigningKeys(value).map((key) => key.jwk.d);
      const state = JSON.stringify({ keys: verifier.keys, jwks: verifier.jwks(T0), input: verificationKeysEnv() });
      for (const d of privateParts) expect(state).not.toContain(d);
      expect(state).not.toMatch(/"d":/);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it("reads only a key's public members even when handed a private one", async () => {
    const verifier = await createVerifier(parseSigningKeys(legacySet()));
    expect(verifier.keys[0]!.cryptoKey.type).toBe("public");
    expect(verifier.jwks(T0).keys[0]).not.toHaveProperty("d");
  });
});

