import "server-only";
// Access tokens for Node code, in one import: ES256-signed JWTs (RFC 9068 `at+jwt`) published at
// /.well-known/jwks.json. The parts live apart so a verifier never holds a private key:
// claims.ts (shapes and lifetimes, browser-safe), keys.ts (which key signs and verifies when),
// verify.ts (public keys only, edge-safe: middleware imports it directly), sign.ts (private keys).
export { ACCESS_TOKEN_TTL, AUDIENCE, issuer, MAX_ISSUED_AHEAD_SECONDS, type AccessClaims, type Stage, type VerifiedAccessToken } from "@/lib/tokens/claims";
export { signAccessToken } from "@/lib/tokens/sign";
export { publicJwks, verifyAccessToken } from "@/lib/tokens/verify";
