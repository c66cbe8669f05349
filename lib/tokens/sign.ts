import "server-only";
// Signs access tokens: the one module that reads the private signing keys. Node only, so neither
// middleware nor any verifier can pull a private key in through an import.
import { importJWK, SignJWT } from "jose";
import { signingKeysEnv, type PrivateSigningKey } from "@/lib/env";
import { ACCESS_TOKEN_TTL, ALGORITHM, AUDIENCE, issuer, TOKEN_TYPE, type AccessClaims } from "@/lib/tokens/claims";
import { signingKeyAt } from "@/lib/tokens/keys";

export interface SignedAccessToken {
  token: string;
  expiresAt: Date;
}

export interface Signer {
  sign(claims: AccessClaims, now: Date, lifetimeSeconds?: number): Promise<SignedAccessToken>;
}

/** A signer over `keys`: each token is signed by the key that signs at its `now` (lib/tokens/keys.ts). */
export function createSigner(keys: readonly PrivateSigningKey[]): Signer {
  const imported = new Map<string, Promise<CryptoKey>>();
  const cryptoKeyOf = (key: PrivateSigningKey) => {
    if (!imported.has(key.kid)) imported.set(key.kid, importJWK({ ...key.jwk, alg: ALGORITHM }, ALGORITHM) as Promise<CryptoKey>);
    return imported.get(key.kid)!;
  };
  return {
    async sign(claims, now, lifetimeSeconds = ACCESS_TOKEN_TTL[claims.stage]) {
      const key = signingKeyAt(keys, now);
      if (!key) throw new Error(`No signing key is active at ${now.toISOString()}: every key of GATEHOUSE_SIGNING_KEYS has retired or starts later (npm run keys:rotate adds one).`);
      const iat = Math.floor(now.getTime() / 1000);
      const exp = iat + Math.min(lifetimeSeconds, ACCESS_TOKEN_TTL[claims.stage]);
      const token = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: TOKEN_TYPE })
        .setIssuer(issuer())
        .setAudience(AUDIENCE[claims.stage])
        .setSubject(claims.sub)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .setJti(crypto.randomUUID())
        .sign(await cryptoKeyOf(key));
      return { token, expiresAt: new Date(exp * 1000) };
    },
  };
}

let configured: Signer | undefined;

/**
 * Signs an access token for `claims`, valid from `now` for the stage's lifetime, or for
 * `lifetimeSeconds` when that is shorter (a workspace's token policy); never longer. The key is
 * the one of GATEHOUSE_SIGNING_KEYS that signs at `now`.
 */
export function signAccessToken(claims: AccessClaims, now: Date, lifetimeSeconds?: number): Promise<SignedAccessToken> {
  configured ??= createSigner(signingKeysEnv());
  return configured.sign(claims, now, lifetimeSeconds);
}
