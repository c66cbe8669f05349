// Verifies access tokens with public keys only: what middleware (edge) and the data layer's
// principal resolution use, and what /.well-known/jwks.json publishes. Edge-safe (jose and
// WebCrypto). It never reads a private key: its keys come from verificationKeysEnv(), which drops
// each key's private part as it parses, and it imports only a key's public members.
import { importJWK, jwtVerify, type JWK, type ProtectedHeaderParameters } from "jose";
import { LRUCache } from "lru-cache";
import { verificationKeysEnv, type PublicSigningKey } from "@/lib/env";
import { ACCESS_TOKEN_TTL, ALGORITHM, AUDIENCE, issuer, MAX_ISSUED_AHEAD_SECONDS, TOKEN_TYPE, type Stage, type VerifiedAccessToken } from "@/lib/tokens/claims";
import { isVerifying, issuedWhileSigning, type KeyLifecycle } from "@/lib/tokens/keys";

/** Seconds an `exp` may have passed on our clock (another instance's clock running slow). */
const EXPIRY_TOLERANCE_SECONDS = 5;

/**
 * Tokens whose signature and time-independent claims this verifier has already checked. A token
 * is sent with every request of its ten-minute life, and the ES256 check is most of the cost of
 * authenticating one (issue 9, target 3): a repeat costs a map lookup and the checks that depend on
 * `now`. Only what a token says is remembered, never whether its session is live, so revocation
 * stays a database read on every request. Bounded: ~1 KiB a token.
 */
const VERIFIED_TOKENS_CACHED = 4096;

interface CheckedToken {
  payload: VerifiedAccessToken & { aud: unknown; nbf?: number };
  signedBy: VerificationKey;
}

interface VerificationKey extends KeyLifecycle {
  /** As published: public members, `kid`, `alg`, `use`. */
  published: JWK;
  cryptoKey: CryptoKey;
}

/** Verifies Gatehouse's tokens against one key set, as it stands at the `now` it is asked about. */
export interface Verifier {
  /** The keys of the set that verify at `now` (public halves; a retired key until its tokens have expired). */
  readonly keys: readonly VerificationKey[];
  verify(token: string, stages: readonly Stage[], now: Date): Promise<VerifiedAccessToken | null>;
  jwks(now: Date): { keys: JWK[] };
}

/** A verifier over `keys`. Only a key's public members are read, whatever else the entry holds. */
export async function createVerifier(keys: readonly PublicSigningKey[]): Promise<Verifier> {
  const imported = await Promise.all(
    keys.map(async ({ kid, activeFrom, retiredAt, jwk: { kty, crv, x, y } }): Promise<VerificationKey> => {
      const published = { kty, crv, x, y, kid, alg: ALGORITHM, use: "sig" };
      return { kid, activeFrom, retiredAt, published, cryptoKey: (await importJWK(published, ALGORITHM)) as CryptoKey };
    }),
  );
  const byKid = new Map(imported.map((key) => [key.kid, key]));
  // A token names its key; no kid, an unknown one or one whose window is over is refused, never
  // tried against the other keys.
  const keyFor = (header: ProtectedHeaderParameters, now: Date): VerificationKey => {
    const key = typeof header.kid === "string" ? byKid.get(header.kid) : undefined;
    if (!key || !isVerifying(key, now)) throw new Error("no verifying key for this kid");
    return key;
  };

  const verifiedTokens = new LRUCache<string, CheckedToken>({ max: VERIFIED_TOKENS_CACHED });

  /** The signature and the claims that hold for a token's whole life; null when any fails. */
  const checkToken = async (token: string, stages: readonly Stage[], now: Date): Promise<CheckedToken | null> => {
    try {
      let signedBy: VerificationKey | undefined;
      const { payload, protectedHeader } = await jwtVerify(
        token,
        (header) => {
          signedBy = keyFor(header, now);
          return signedBy.cryptoKey;
        },
        {
          algorithms: [ALGORITHM],
          issuer: issuer(),
          audience: stages.map((stage) => AUDIENCE[stage]),
          typ: TOKEN_TYPE,
          requiredClaims: ["exp", "iat", "sub", "sid", "jti", "stage"],
          currentDate: now,
          clockTolerance: EXPIRY_TOLERANCE_SECONDS,
        },
      );
      if (protectedHeader.alg !== ALGORITHM || !signedBy) return null;
      const stage = payload.stage as Stage;
      if (!Object.hasOwn(AUDIENCE, stage)) return null;
      if (stage === "workspace" && (typeof payload.ws !== "string" || typeof payload.wsv !== "number")) return null;
      // Time claims within what Gatehouse itself signs: a token minted ahead of time or for years
      // (by a leaked key, or a bug) must not outlive the lifetime its stage is given, nor be
      // dated outside the period its key signed in.
      const { iat, exp } = payload as { iat: number; exp: number };
      if (exp - iat > ACCESS_TOKEN_TTL[stage] || !issuedWhileSigning(signedBy, iat)) return null;
      return { payload: payload as unknown as CheckedToken["payload"], signedBy };
    } catch {
      return null;
    }
  };

  return {
    keys: imported,
    jwks: (now) => ({ keys: imported.filter((key) => isVerifying(key, now)).map((key) => key.published) }),
    async verify(token, stages, now) {
      if (token.length > 8192 || token.split(".").length !== 3) return null;
      const checked = verifiedTokens.get(token) ?? (await checkToken(token, stages, now));
      if (!checked) return null;
      const { payload, signedBy } = checked;
      // What depends on the caller and the clock, checked on every use: the stage asked for (its
      // audience must agree, so neither can be swapped alone), expiry, not-before, an `iat` from
      // the future, and the window of the key that signed it.
      if (!stages.includes(payload.stage) || payload.aud !== AUDIENCE[payload.stage]) return null;
      const seconds = now.getTime() / 1000;
      if (payload.exp <= seconds - EXPIRY_TOLERANCE_SECONDS || (payload.nbf !== undefined && payload.nbf > seconds + EXPIRY_TOLERANCE_SECONDS)) return null;
      if (payload.iat > seconds + MAX_ISSUED_AHEAD_SECONDS || !isVerifying(signedBy, now)) return null;
      verifiedTokens.set(token, checked);
      return payload;
    },
  };
}

let configured: Promise<Verifier> | undefined;

/** The verifier over GATEHOUSE_SIGNING_KEYS' public halves, built on first use. */
function configuredVerifier(): Promise<Verifier> {
  configured ??= Promise.resolve().then(() => createVerifier(verificationKeysEnv()));
  return configured;
}

/** The JSON Web Key Set that verifies every token Gatehouse signs (public keys only) at `now`. */
export async function publicJwks(now: Date = new Date()): Promise<{ keys: JWK[] }> {
  return (await configuredVerifier()).jwks(now);
}

/**
 * Verifies a token with the algorithm pinned to ES256, its `kid` one of the keys verifying at
 * `now`, and `iss`, `aud`, `exp` required. Anything else — `alg: none`, HS256 with the public key
 * as secret, no kid, an unknown or removed kid, another audience, no expiry, an `iat` in the
 * future or outside its key's signing period, a lifetime longer than its stage's — is null,
 * never an exception the caller could mishandle. A broken key configuration does throw.
 */
export async function verifyAccessToken(token: string, stages: readonly Stage[], now: Date = new Date()): Promise<VerifiedAccessToken | null> {
  const verified = await (await configuredVerifier()).verify(token, stages, now);
  verifications[verified ? "valid" : "refused"]++;
  return verified;
}

// Plain counts, for /metrics (lib/metrics/process-metrics.ts reads them at scrape): this module is
// edge-safe and cannot import the metrics library. On globalThis so every route bundle of a
// process adds to one tally; middleware's edge sandbox keeps a tally of its own, never scraped.
const tally = globalThis as unknown as { gatehouseTokenVerifications?: { valid: number; refused: number } };
const verifications = (tally.gatehouseTokenVerifications ??= { valid: 0, refused: 0 });

/** Verifications of this process so far, by outcome. */
export function tokenVerificationCounts(): Readonly<{ valid: number; refused: number }> {
  return verifications;
}
