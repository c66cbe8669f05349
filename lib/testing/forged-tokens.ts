// Test-only: tokens an attacker could craft, to prove the verifier refuses every one of them.
// Each takes the claims of a real token (a live session's `sid` and `sub`), so a refusal can only
// come from the token check itself, never from a missing session. jose and node:crypto only.
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { base64url, importJWK, SignJWT, type JWK, type JWTPayload } from "jose";

export type Claims = JWTPayload & Record<string, unknown>;
type PrivateJwk = JWK & { kid: string };

/** Gatehouse's current signing key, from the test process's secrets. */
export function gatehouseSigningKey(): PrivateJwk {
  const keys = JSON.parse(process.env.GATEHOUSE_SIGNING_KEYS ?? "[]") as PrivateJwk[];
  if (!keys[0]) throw new Error("GATEHOUSE_SIGNING_KEYS is not set");
  return keys[0];
}

/** The public half of Gatehouse's signing key, as JWKS serves it. */
export function gatehousePublicJwk(): JWK {
  const { d: _private, ...publicJwk } = gatehouseSigningKey();
  return publicJwk;
}

/** A fresh P-256 key that Gatehouse has never seen, under `kid`. */
export function foreignSigningKey(kid: string): PrivateJwk {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { ...(privateKey.export({ format: "jwk" }) as JWK), kid };
}

const segment = (value: object) => base64url.encode(JSON.stringify(value));

/** Re-signs `claims` with ES256 (Gatehouse's key unless `key` is given). */
export async function es256Token(claims: Claims, options: { key?: PrivateJwk; header?: Record<string, unknown> } = {}): Promise<string> {
  const key = options.key ?? gatehouseSigningKey();
  const signingKey = await importJWK({ ...key, alg: "ES256" }, "ES256");
  return new SignJWT(claims).setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: key.kid, ...options.header }).sign(signingKey);
}

/** The token attacks the verifier must refuse, each built from a real token's claims. */
export const forgeries: Record<string, (claims: Claims) => Promise<string>> = {
  // RFC 7519 §6: an unsecured JWT; a verifier that trusts the header's alg accepts it.
  "alg: none": async (claims) => `${segment({ alg: "none", typ: "at+jwt", kid: gatehouseSigningKey().kid })}.${segment(claims)}.`,
  // Algorithm confusion: HMAC keyed with the public key, which anyone can fetch from the JWKS.
  "HS256 keyed with the public key (PEM)": async (claims) => {
    const pem = createPublicKey({ key: gatehousePublicJwk() as never, format: "jwk" }).export({ format: "pem", type: "spki" }).toString();
    return new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: gatehouseSigningKey().kid }).sign(new TextEncoder().encode(pem));
  },
  "HS256 keyed with the public JWK": async (claims) =>
    new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: gatehouseSigningKey().kid }).sign(new TextEncoder().encode(JSON.stringify(gatehousePublicJwk()))),
  "signed by another key under Gatehouse's kid": async (claims) => es256Token(claims, { key: foreignSigningKey(gatehouseSigningKey().kid) }),
  "signed by another key under an unknown kid": async (claims) => es256Token(claims, { key: foreignSigningKey("attacker") }),
  // The verifier must use its own key set, never a key the token brings along (RFC 7515 §4.1.3).
  "carrying its own key in the header (jwk)": async (claims) => {
    const key = foreignSigningKey(gatehouseSigningKey().kid);
    const { d: _private, ...publicJwk } = key;
    return es256Token(claims, { key, header: { jwk: publicJwk } });
  },
  "without exp": async ({ exp: _exp, ...claims }) => es256Token(claims),
  "without iss": async ({ iss: _iss, ...claims }) => es256Token(claims),
  "from another issuer": async (claims) => es256Token({ ...claims, iss: "https://evil.example" }),
  "for another audience": async (claims) => es256Token({ ...claims, aud: "https://crm.example/api" }),
  // A user token relabelled as a workspace token: audience and stage must agree.
  "user token relabelled with the workspace audience": async (claims) => es256Token({ ...claims, aud: "gatehouse:workspace" }),
  "expired a minute ago": async (claims) => {
    const now = Math.floor(Date.now() / 1000);
    return es256Token({ ...claims, iat: now - 660, exp: now - 60 });
  },
  "not an access token (typ JWT)": async (claims) => es256Token(claims, { header: { typ: "JWT" } }),
};

/** A real token with its payload edited and the original signature kept. */
export function tamper(token: string, edit: (claims: Claims) => Claims): string {
  const [header, payload, signature] = token.split(".");
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as Claims;
  return `${header}.${segment(edit(claims))}.${signature}`;
}
