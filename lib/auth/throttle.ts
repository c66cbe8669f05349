import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * Failure throttling shared by every instance through the database. A few failures are free;
 * after that each further failure doubles the wait (15 s, 30 s, 1 min, … capped), so guessing
 * is slow while the real owner is never locked out for long. Counters start over after a quiet
 * window. Keys are chosen so an attacker cannot learn whether an account exists.
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
} as const satisfies Record<string, ThrottleRule>;

export type ThrottleKey = { key: string; rule: ThrottleRule };

export const throttleKeys = {
  loginAccount: (email: string): ThrottleKey => ({ key: `login:account:${email}`, rule: RULES.loginAccount }),
  loginAddress: (ip: string | null): ThrottleKey => ({ key: `login:ip:${ip ?? "unknown"}`, rule: RULES.loginAddress }),
  mfaUser: (userId: number): ThrottleKey => ({ key: `mfa:user:${userId}`, rule: RULES.mfaUser }),
};

/** The wait after `failures` failures under `rule`, in seconds (0 while still free). */
export function delayAfter(failures: number, rule: ThrottleRule): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.baseDelay * 2 ** (failures - rule.free), rule.maxDelay);
}

/** Throws TOO_MANY_REQUESTS (with Retry-After seconds) while any key is blocked. */
export async function assertNotThrottled(keys: ThrottleKey[], now: Date): Promise<void> {
  const rows = await db().throttleCounter.findMany({ where: { key: { in: keys.map((k) => k.key) } }, select: { blockedUntil: true } });
  const until = Math.max(0, ...rows.map((row) => row.blockedUntil?.getTime() ?? 0));
  if (until > now.getTime()) throw new AppError("TOO_MANY_REQUESTS", { retryAfter: Math.ceil((until - now.getTime()) / 1000) });
}

/** Counts a failure against each key and sets its block when the free failures are used up. */
export async function recordFailure(keys: ThrottleKey[], now: Date): Promise<void> {
  for (const { key, rule } of keys) {
    // An atomic increment (INSERT … ON CONFLICT DO UPDATE on both databases), so parallel
    // failures are all counted.
    let row = await db().throttleCounter.upsert({ where: { key }, create: { key, failures: 1, windowStart: now }, update: { failures: { increment: 1 } } });
    // Quiet since the window began or, once blocks have started, since the last block ended: a
    // guesser who returns as each block ends keeps the count and its doubling wait.
    const quietSince = Math.max(row.windowStart.getTime(), row.blockedUntil?.getTime() ?? 0);
    if (now.getTime() - quietSince > rule.window * 1000) {
      row = await db().throttleCounter.update({ where: { key }, data: { failures: 1, windowStart: now, blockedUntil: null } });
    }
    const delay = delayAfter(row.failures, rule);
    if (delay) await db().throttleCounter.update({ where: { key }, data: { blockedUntil: new Date(now.getTime() + delay * 1000) } });
  }
}

/** Forgets the failures of `keys` (after a success). */
export async function clearFailures(keys: ThrottleKey[]): Promise<void> {
  await db().throttleCounter.deleteMany({ where: { key: { in: keys.map((k) => k.key) } } });
}
