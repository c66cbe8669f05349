import "server-only";
import { db } from "@/lib/db/client";
import type ipaddr from "ipaddr.js";
import { AppError } from "@/lib/errors";
import { parseIp } from "@/lib/net/ip";

/**
 * Attempt throttling shared by every instance through the database. A few attempts are free;
 * after that each further one doubles the wait (15 s, 30 s, 1 min, … capped), so guessing is
 * slow while the real owner is never locked out for long. A right guess gives its count back.
 * Counters start over after a quiet window. Keys are chosen so an attacker cannot learn whether
 * an account exists.
 */
export interface ThrottleRule {
  /** Failures allowed before waits begin. */
  free: number;
  /** First wait, seconds. */
  baseDelay: number;
  /** Longest wait, seconds. */
  maxDelay: number;
  /** Quiet period after which the count starts over, seconds. */
  window: number;
}

export const RULES = {
  /** Per e-mail address (whether or not it has an account). */
  loginAccount: { free: 5, baseDelay: 15, maxDelay: 15 * 60, window: 15 * 60 },
  /** Per client address: generous, it may be a shared NAT. */
  loginAddress: { free: 30, baseDelay: 15, maxDelay: 15 * 60, window: 15 * 60 },
  /** Per user, across MFA challenges. */
  mfaUser: { free: 5, baseDelay: 30, maxDelay: 15 * 60, window: 15 * 60 },
  /** Per client address, set-password link look-ups: a person opens a link or two, a guesser thousands. */
  setPasswordAddress: { free: 10, baseDelay: 30, maxDelay: 15 * 60, window: 15 * 60 },
} as const satisfies Record<string, ThrottleRule>;

export interface ThrottleKey {
  key: string;
  rule: ThrottleRule;
  /**
   * What a right guess does to the count: `forget` starts it over (the account's owner is back);
   * `release` only takes back this attempt, so successes on one's own account cannot wipe out
   * failures against others counted under the same key (a client address).
   */
  onSuccess: "forget" | "release";
}

export const throttleKeys = {
  loginAccount: (email: string): ThrottleKey => ({ key: `login:account:${email}`, rule: RULES.loginAccount, onSuccess: "forget" }),
  loginAddress: (ip: string | null): ThrottleKey => ({ key: `login:ip:${addressKey(ip)}`, rule: RULES.loginAddress, onSuccess: "release" }),
  mfaUser: (userId: number): ThrottleKey => ({ key: `mfa:user:${userId}`, rule: RULES.mfaUser, onSuccess: "forget" }),
  setPasswordAddress: (ip: string | null): ThrottleKey => ({ key: `set-password:ip:${addressKey(ip)}`, rule: RULES.setPasswordAddress, onSuccess: "release" }),
  /** Password re-checks of a signed-in user: a key of its own, counted like a sign-in's account. */
  reauthUser: (userId: number): ThrottleKey => ({ key: `reauth:user:${userId}`, rule: RULES.loginAccount, onSuccess: "forget" }),
};

/**
 * An IPv6 client is counted by its /64: one subscriber usually holds a whole /64, and counting
 * each of its 2^64 addresses apart would let it spray passwords unthrottled.
 */
function addressKey(ip: string | null): string {
  if (!ip) return "unknown";
  const address = parseIp(ip);
  if (!address) return "unknown";
  if (address.kind() === "ipv4") return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(":")}::/64`;
}

/** The wait after `failures` failures under `rule`, in seconds (0 while still free). */
export function delayAfter(failures: number, rule: ThrottleRule): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.baseDelay * 2 ** (failures - rule.free), rule.maxDelay);
}

/** A counted attempt; call {@link Attempt.succeeded} when the guess was right. */
export interface Attempt {
  /** Forgets the keys' counts: the right password or code was given. */
  succeeded(): Promise<void>;
}

/** Compare-and-set retries before a contended key answers 429 rather than wait. */
const CAS_ROUNDS = 8;

/**
 * Counts an attempt against every key BEFORE the password or code is checked, and refuses it
 * (429 with Retry-After) while a key is blocked. Each count is a compare-and-set on the row, and
 * the attempt that uses up the free ones sets the block in the same write, so parallel guesses
 * cannot slip past the count: beyond the free attempts exactly one runs per block.
 */
export async function reserveAttempt(keys: ThrottleKey[], now: Date): Promise<Attempt> {
  for (const key of keys) await reserveOne(key, now);
  return {
    async succeeded() {
      await clearFailures(keys.filter((key) => key.onSuccess === "forget"));
      for (const { key } of keys.filter((k) => k.onSuccess === "release")) {
        await db().throttleCounter.updateMany({ where: { key, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
      }
    },
  };
}

async function reserveOne({ key, rule }: ThrottleKey, now: Date): Promise<void> {
  for (let round = 0; round < CAS_ROUNDS; round++) {
    const row = await db().throttleCounter.findUnique({ where: { key } });
    if (!row) {
      const created = await db().throttleCounter.createMany({ data: [{ key, failures: 1, windowStart: now, blockedUntil: delayUntil(1, rule, now) }] }).catch(() => ({ count: 0 }));
      if (created.count === 1) return;
      continue;
    }
    if (row.blockedUntil && row.blockedUntil.getTime() > now.getTime()) throw tooMany(row.blockedUntil, now);
    // Quiet since the window began or, once blocks have started, since the last block ended: a
    // guesser who returns as each block ends keeps the count and its doubling wait.
    const quietSince = Math.max(row.windowStart.getTime(), row.blockedUntil?.getTime() ?? 0);
    const fresh = now.getTime() - quietSince > rule.window * 1000;
    const failures = fresh ? 1 : row.failures + 1;
    const claimed = await db().throttleCounter.updateMany({
      where: { key, failures: row.failures, windowStart: row.windowStart },
      data: { failures, windowStart: fresh ? now : row.windowStart, blockedUntil: delayUntil(failures, rule, now) },
    });
    if (claimed.count === 1) return;
  }
  throw new AppError("TOO_MANY_REQUESTS", { retryAfter: 1 });
}

function delayUntil(attempts: number, rule: ThrottleRule, now: Date): Date | null {
  const delay = delayAfter(attempts, rule);
  return delay ? new Date(now.getTime() + delay * 1000) : null;
}

function tooMany(until: Date, now: Date): AppError {
  return new AppError("TOO_MANY_REQUESTS", { retryAfter: Math.ceil((until.getTime() - now.getTime()) / 1000) });
}

/** Forgets the counts of `keys`. */
async function clearFailures(keys: ThrottleKey[]): Promise<void> {
  await db().throttleCounter.deleteMany({ where: { key: { in: keys.map((k) => k.key) } } });
}
