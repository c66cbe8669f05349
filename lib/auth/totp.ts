import "server-only";
import { createGuardrails, generate, generateSecret, generateURI, verify } from "otplib";

/** RFC 6238 parameters Gatehouse uses: what every authenticator app defaults to. */
export const TOTP_PERIOD = 30;
const DIGITS = 6;
/**
 * New secrets are 160 bits (RFC 4226's recommendation), but secrets of 80 bits — what many
 * existing authenticators and the demo accounts use — are still accepted when verifying.
 */
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10 });

/** A fresh 160-bit base32 secret. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(secret: string, account: string): string {
  return generateURI({ issuer: "Gatehouse", label: account, secret, digits: DIGITS, period: TOTP_PERIOD, algorithm: "sha1" });
}

/** The RFC 6238 time step of an instant. */
export function timeStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD);
}

/** The code for `now` (seeding, tests and the demo helper). */
export function totpCode(secret: string, now: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000), period: TOTP_PERIOD, digits: DIGITS, algorithm: "sha1", guardrails });
}

/**
 * Checks `code` against the current step and the one before (a code typed just as it rolled
 * over), never a future one, and never a step at or before `afterStep` (replay). Returns the
 * matched step, or null.
 */
export async function matchTotp(secret: string, code: string, now: Date, afterStep: number | null): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    period: TOTP_PERIOD,
    digits: DIGITS,
    algorithm: "sha1",
    guardrails,
    epochTolerance: [TOTP_PERIOD, 0],
    ...(afterStep !== null && { afterTimeStep: afterStep }),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}
