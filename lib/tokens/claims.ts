// What an access token is, shared by the signer (lib/tokens/sign.ts), the verifier
// (lib/tokens/verify.ts) and the forms that show lifetimes. Edge- and browser-safe: constants and
// types, and the issuer read from lib/env.
import type { JWTPayload } from "jose";
import { appEnv } from "@/lib/env";
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

/** The longest any access token lives: how long a retired signing key must keep verifying. */
export const LONGEST_ACCESS_TOKEN_TTL = Math.max(...Object.values(ACCESS_TOKEN_TTL));

/**
 * How far clocks of Gatehouse's instances may disagree: a token's `iat` may lie this far ahead of
 * the verifier's clock, and a key's signing period is stretched by it at both ends.
 */
export const MAX_ISSUED_AHEAD_SECONDS = 60;

/** The one algorithm Gatehouse signs with and accepts (pinned: never read from a token). */
export const ALGORITHM = "ES256";
/** RFC 9068 §2.1: the header type of a JWT access token. */
export const TOKEN_TYPE = "at+jwt";

/**
 * The claims Gatehouse puts into an access token besides the registered ones. Optional members
 * may be added here for new credentials; the verifier passes every claim through.
 */
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

/** The `iss` of every token: the public origin. */
export function issuer(): string {
  return appEnv().appUrl;
}
