// Signing keys over time: which key signs at a moment, which keys verify, and how long a retired
// key stays published. Pure functions of a key's dates and `now`, so tests move the clock instead
// of sleeping. Edge-safe.
import { LONGEST_ACCESS_TOKEN_TTL, MAX_ISSUED_AHEAD_SECONDS } from "@/lib/tokens/claims";

/** A key's id and the period it signed in; null dates mean "since always" and "not retired". */
export interface KeyLifecycle {
  kid: string;
  activeFrom: Date | null;
  retiredAt: Date | null;
}

/**
 * How long a retired key keeps verifying: a token signed the moment before it retired lives the
 * longest access-token lifetime, on the clock of an instance that may differ by the allowed skew.
 */
export const RETIRED_KEY_GRACE_SECONDS = LONGEST_ACCESS_TOKEN_TTL + MAX_ISSUED_AHEAD_SECONDS;

/** When `key` stops verifying and leaves the JWKS; null while it has not retired. */
export function verifiesUntil(key: KeyLifecycle): Date | null {
  return key.retiredAt && new Date(key.retiredAt.getTime() + RETIRED_KEY_GRACE_SECONDS * 1000);
}

/** Whether tokens signed by `key` are accepted at `now`, and its public half published. */
export function isVerifying(key: KeyLifecycle, now: Date): boolean {
  const until = verifiesUntil(key);
  return until === null || now <= until;
}

/**
 * The key that signs at `now`: of those whose activation time has come and that have not retired,
 * the one activated last. Keys without dates count as active since always, so in a key set that
 * predates rotation the first key signs, as it always did. Null when no key may sign.
 */
export function signingKeyAt<K extends KeyLifecycle>(keys: readonly K[], now: Date): K | null {
  let signer: K | null = null;
  for (const key of keys) {
    if ((key.activeFrom && key.activeFrom > now) || (key.retiredAt && key.retiredAt <= now)) continue;
    if (!signer || (key.activeFrom?.getTime() ?? -Infinity) > (signer.activeFrom?.getTime() ?? -Infinity)) signer = key;
  }
  return signer;
}

/**
 * Whether a token issued at `iat` (seconds) falls in the period its key signed in, give or take
 * the clock skew. Threat: a retired key that leaked minting fresh tokens for its remaining window.
 */
export function issuedWhileSigning(key: KeyLifecycle, iat: number): boolean {
  const at = iat * 1000;
  const skew = MAX_ISSUED_AHEAD_SECONDS * 1000;
  return (!key.activeFrom || at >= key.activeFrom.getTime() - skew) && (!key.retiredAt || at <= key.retiredAt.getTime() + skew);
}
