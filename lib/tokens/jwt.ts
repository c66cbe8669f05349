// Access tokens: ES256-signed JWTs (RFC 9068 `at+jwt`) published at /.well-known/jwks.json.
// Edge-safe (jose + WebCrypto only): middleware verifies them too.
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from "jose";
import { appEnv, secretsEnv } from "@/lib/env";
import type { Authority } from "@/lib/auth/authorities";

/** The three audiences keep tokens of one step from being used at another. */
export const AUDIENCE = {
  mfa: "gatehouse:mfa",
  user: "gatehouse:user",
  workspace: "gatehouse:workspace",
} as const;
export type Stage = keyof typeof AUDIENCE;

/** Lifetimes in seconds. The MFA-pending token lives minutes and is good for the MFA step only. */
export const ACCESS_TOKEN_TTL: Record<Stage, number> = { mfa: 5 * 60, user: 10 * 60, workspace: 10 * 60 };

/** How far a token's `iat` may lie ahead of our clock (another instance's clock running fast). */
export const MAX_ISSUED_AHEAD_SECONDS = 60;

const ALGORITHM = "ES256";
const TOKEN_TYPE = "at+jwt";

export interface AccessClaims {
  sub: string;
  /** Session id: the database row that must still be active. */
  sid: string;
  stage: Stage;
  /** Workspace GUID (workspace tokens only). */
  ws?: string;
  /** Session's workspace version when issued: an older one means the session switched away. */
  wsv?: number;
  authorities?: Authority[];
  /** Role id as a string, `"-2"` before a workspace is chosen (the seed's convention). */
  role: string;
  email: string;
  /**
   * Set on a token exchanged for an API key (POST /uauth/auth/login/api-key): the key's id. Such a
   * token resolves through the key's row, so revoking the key ends it; its `sid` is
   * `api-key:<id>`, which no session id can equal.
   */
  apiKeyId?: number;
}

export type VerifiedAccessToken = AccessClaims & Required<Pick<JWTPayload, "iat" | "exp" | "jti" | "iss">>;

interface KeyRing {
  kid: string;
  signingKey: CryptoKey;
  publicJwks: { keys: JWK[] };
  verify: ReturnType<typeof createLocalJWKSet>;
}

let keyRing: Promise<KeyRing> | undefined;

function publicJwk({ d: _private, ...jwk }: JWK & { kid: string }): JWK {
  return { ...jwk, alg: ALGORITHM, use: "sig" };
}

function loadKeyRing(): Promise<KeyRing> {
  keyRing ??= (async () => {
    const [current, ...previous] = secretsEnv().signingKeys;
    const keys = [current!, ...previous].map((key) => publicJwk(key));
    return {
      kid: current!.kid,
      signingKey: (await importJWK({ ...current!, alg: ALGORITHM }, ALGORITHM)) as CryptoKey,
      publicJwks: { keys },
      verify: createLocalJWKSet({ keys }),
    };
  })();
  return keyRing;
}

/** The JSON Web Key Set that verifies every token Gatehouse signs (public keys only). */
export async function publicJwks(): Promise<{ keys: JWK[] }> {
  return (await loadKeyRing()).publicJwks;
}

/** The `iss` of every token: the public origin. */
export function issuer(): string {
  return appEnv().appUrl;
}

/**
 * Signs an access token for `claims`, valid from `now` for the stage's lifetime, or for
 * `lifetimeSeconds` when that is shorter (a workspace's token policy); never longer.
 */
export async function signAccessToken(claims: AccessClaims, now: Date, lifetimeSeconds: number = ACCESS_TOKEN_TTL[claims.stage]): Promise<{ token: string; expiresAt: Date }> {
  const ring = await loadKeyRing();
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + Math.min(lifetimeSeconds, ACCESS_TOKEN_TTL[claims.stage]);
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: ALGORITHM, kid: ring.kid, typ: TOKEN_TYPE })
    .setIssuer(issuer())
    .setAudience(AUDIENCE[claims.stage])
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(crypto.randomUUID())
    .sign(ring.signingKey);
  return { token, expiresAt: new Date(exp * 1000) };
}

/**
 * Verifies a token with the algorithm pinned to ES256 and `iss`, `aud`, `exp` required. Anything
 * else — `alg: none`, HS256 with the public key as secret, another audience, no expiry, a foreign
 * key, an `iat` in the future or a lifetime longer than its stage's — is null, never an exception
 * the caller could mishandle.
 */
export async function verifyAccessToken(token: string, stages: readonly Stage[], now: Date = new Date()): Promise<VerifiedAccessToken | null> {
  if (token.length > 8192 || token.split(".").length !== 3) return null;
  try {
    const { payload, protectedHeader } = await jwtVerify(token, (await loadKeyRing()).verify, {
      algorithms: [ALGORITHM],
      issuer: issuer(),
      audience: stages.map((stage) => AUDIENCE[stage]),
      typ: TOKEN_TYPE,
      requiredClaims: ["exp", "iat", "sub", "sid", "jti", "stage"],
      currentDate: now,
      clockTolerance: 5,
    });
    if (protectedHeader.alg !== ALGORITHM) return null;
    const stage = payload.stage as Stage;
    // The audience must agree with the stage claim: one cannot be swapped without the other.
    if (!stages.includes(stage) || payload.aud !== AUDIENCE[stage]) return null;
    if (stage === "workspace" && (typeof payload.ws !== "string" || typeof payload.wsv !== "number")) return null;
    // Time claims within what Gatehouse itself signs: a token minted ahead of time or for years
    // (by a leaked key, or a bug) must not outlive the lifetime its stage is given.
    const { iat, exp } = payload as { iat: number; exp: number };
    if (iat > now.getTime() / 1000 + MAX_ISSUED_AHEAD_SECONDS || exp - iat > ACCESS_TOKEN_TTL[stage]) return null;
    return payload as unknown as VerifiedAccessToken;
  } catch {
    return null;
  }
}
