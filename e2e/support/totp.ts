// TOTP codes for the tests, with lib/auth/totp.ts's parameters (RFC 6238: SHA-1, 6 digits,
// 30 s). otplib directly: lib/auth/totp.ts is server-only.
import { createGuardrails, generate } from "otplib";

/** The demo secrets are 80 bits; lib/auth/totp.ts accepts those as well. */
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10 });

/** The code an authenticator app shows now for `secret` (spaces, as shown on the page, are ignored). */
export function currentTotp(secret: string, now = new Date()): Promise<string> {
  return generate({ secret: secret.replace(/\s+/g, "").toUpperCase(), epoch: Math.floor(now.getTime() / 1000), period: 30, digits: 6, algorithm: "sha1", guardrails });
}
