import "server-only";
import type ipaddr from "ipaddr.js";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { parseIp } from "@/lib/net/ip";
import { hashConcurrency } from "@/lib/auth/password";

/**
 * Attempt throttling shared by every instance through the database. A few attempts are free;
 * after that each further one doubles the wait (15 s, 30 s, 1 min, … capped), so guessing is
 * slow while the real owner is never locked out for long. A right guess gives its count back.
 * Counters start over after a quiet window. Keys are chosen so an attacker cannot learn whether
 * an account exists, and so guesses from elsewhere cannot lock the owner out of a device that
 * signed in before (OWASP "device cookies").
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
  /** Per e-mail address (whether or not it has an account), for clients without a device cookie. */
  loginAccount: { free: 5, baseDelay: 15, maxDelay: 15 * 60, window: 15 * 60 },
  /** Per client address: generous, it may be a shared NAT. */
  loginAddress: { free: 30, baseDelay: 15, maxDelay: 15 * 60, window: 15 * 60 },
  /** Per device cookie: a device that signed in before has a budget of its own. */
  loginDevice: { free: 5, baseDelay: 15, maxDelay: 15 * 60, window: 15 * 60 },
  /** Per user, across MFA challenges. */
  mfaUser: { free: 5, baseDelay: 30, maxDelay: 15 * 60, window: 15 * 60 },
  /** Per client address, set-password link look-ups: a person opens a link or two, a guesser thousands. */
  setPasswordAddress: { free: 10, baseDelay: 30, maxDelay: 15 * 60, window: 15 * 60 },
  /** Per e-mail address, reset requests: each one sends an e-mail, so a few, then long waits (no mail-bombing). */
  resetRequestAccount: { free: 3, baseDelay: 60, maxDelay: 15 * 60, window: 15 * 60 },
  /** Per client address, reset requests: many addresses from one NAT, but not a spray over a list. */
  resetRequestAddress: { free: 20, baseDelay: 60, maxDelay: 15 * 60, window: 15 * 60 },
  /** Per client address, reset-link look-ups: like set-password links. */
  resetTokenAddress: { free: 10, baseDelay: 30, maxDelay: 15 * 60, window: 15 * 60 },
  /** Per client address, API keys that fail (malformed, unknown, wrong): an integration sends its one key, a guesser millions. */
  apiKeyAddress: { free: 20, baseDelay: 30, maxDelay: 15 * 60, window: 15 * 60 },
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
  loginAddress: (ip: string): ThrottleKey => ({ key: `login:ip:${addressKey(ip)}`, rule: RULES.loginAddress, onSuccess: "release" }),
  loginDevice: (deviceId: string): ThrottleKey => ({ key: `login:device:${deviceId}`, rule: RULES.loginDevice, onSuccess: "forget" }),
  mfaUser: (userId: number): ThrottleKey => ({ key: `mfa:user:${userId}`, rule: RULES.mfaUser, onSuccess: "forget" }),
  setPasswordAddress: (ip: string): ThrottleKey => ({ key: `set-password:ip:${addressKey(ip)}`, rule: RULES.setPasswordAddress, onSuccess: "release" }),
  resetRequestAccount: (email: string): ThrottleKey => ({ key: `reset:account:${email}`, rule: RULES.resetRequestAccount, onSuccess: "forget" }),
  resetRequestAddress: (ip: string): ThrottleKey => ({ key: `reset:ip:${addressKey(ip)}`, rule: RULES.resetRequestAddress, onSuccess: "release" }),
  resetTokenAddress: (ip: string): ThrottleKey => ({ key: `reset-token:ip:${addressKey(ip)}`, rule: RULES.resetTokenAddress, onSuccess: "release" }),
  apiKeyAddress: (ip: string): ThrottleKey => ({ key: `api-key:ip:${addressKey(ip)}`, rule: RULES.apiKeyAddress, onSuccess: "release" }),
  /**
   * The keys of one reset request, address first (as for a sign-in) and none for an unknown
   * address. Counted for every request and never given back: each one sends an e-mail, and the
   * count must not depend on whether the address has an account.
   */
  resetRequest: (email: string, ip: string | null): ThrottleKey[] => [...(ip ? [throttleKeys.resetRequestAddress(ip)] : []), throttleKeys.resetRequestAccount(email)],
  /** Password re-checks of a signed-in user: a key of its own, counted like a sign-in's account. */
  reauthUser: (userId: number): ThrottleKey => ({ key: `reauth:user:${userId}`, rule: RULES.loginAccount, onSuccess: "forget" }),
  /**
   * The keys of one password attempt, in the order they are reserved. The address comes first,
   * so a blocked address never reaches the account's count; without an address there is no
   * address key (one shared "unknown" bucket would let one client block every other). Then the
   * device, when the client holds a device cookie for this e-mail, else the account: someone
   * guessing from elsewhere can block the account but not a device its owner signed in on.
   */
  login: (email: string, ip: string | null, deviceId: string | null): ThrottleKey[] => [
    ...(ip ? [throttleKeys.loginAddress(ip)] : []),
    deviceId ? throttleKeys.loginDevice(deviceId) : throttleKeys.loginAccount(email),
  ],
};

/**
 * An IPv6 client is counted by its /64: one subscriber usually holds a whole /64, and counting
 * each of its 2^64 addresses apart would let it spray passwords unthrottled.
 */
function addressKey(ip: string): string {
  const address = parseIp(ip);
  if (!address) return ip;
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
  /** Gives the attempt back: the right password or code was given, so it was no guess. */
  succeeded(): Promise<void>;
}

/** Compare-and-set retries before a key contended by other instances answers 503 rather than wait. */
const CAS_ROUNDS = 8;

/** What one reservation wrote, so a right guess can take exactly that back. */
interface Reservation {
  key: ThrottleKey;
  failures: number;
  windowStart: Date;
  /** The block before this attempt: a right guess must not leave behind a block it set. */
  blockedBefore: Date | null;
}

/**
 * Counts an attempt against every key, in order, BEFORE the password or code is checked, and
 * refuses it (429 with Retry-After) while a key is blocked; a key after a blocked one is not
 * touched. Each count is a compare-and-set on the row, and the attempt that uses up the free ones
 * sets the block in the same write, so parallel guesses cannot slip past the count: beyond the
 * free attempts exactly one runs per block. A database error is never taken for a block. An
 * attempt refused by a later key (a blocked account) gives back what it reserved on the earlier
 * ones: it was never checked, so it must not use up a shared address's free attempts.
 */
export async function reserveAttempt(keys: ThrottleKey[], now: Date): Promise<Attempt> {
  const reservations: Reservation[] = [];
  try {
    // Every key's counter in one read; a compare-and-set that finds its row changed reads that key again.
    const counters = await db().throttleCounter.findMany({ where: { key: { in: keys.map((key) => key.key) } } });
    for (const key of keys) reservations.push(await reserveOne(key, now, counters.find((row) => row.key === key.key) ?? null));
  } catch (error) {
    for (const reservation of reservations.reverse()) await release(reservation);
    throw error;
  }
  return {
    async succeeded() {
      await clearFailures(keys.filter((key) => key.onSuccess === "forget"));
      for (const reservation of reservations.filter((r) => r.key.onSuccess === "release")) await release(reservation);
    },
  };
}

/**
 * Attempts queued on one key in this process before the next is answered 503. Generous: they
 * wait one hash each (~15 ms), so 256 right passwords from one NAT take a few seconds, and the
 * queue holds no more than the requests a server has open anyway.
 */
const MAX_QUEUED_PER_KEY = 256;
const keyQueues = new Map<string, { running: number; queued: number; waiting: Array<() => void> }>();

/**
 * Attempts checked at once per key in this process: a fifth of the key's free attempts (one on
 * an account or a device, 5 free; six on a client address, 30 free), and never more than one
 * beyond the hashes the process runs at once (lib/auth/password.ts hashConcurrency): one attempt
 * reads and writes its counters while another hashes, and more would only wait for the hash
 * while holding a count. So people signing in from one NAT, or behind one proxy, are checked
 * side by side instead of one after another (one at a time, one address's sign-ins could never
 * pass 1 ÷ (one hash + its statements) per instance, whatever the cores: bench/http.bench.ts).
 */
export function attemptsAtOnce(rule: ThrottleRule): number {
  return Math.max(1, Math.min(Math.floor(rule.free / 5), hashConcurrency() + 1));
}

/**
 * {@link reserveAttempt}, then `check` (which calls `succeeded` on a right guess), with at most
 * {@link attemptsAtOnce} attempts per key being checked in this process. An attempt still being
 * checked holds a count it may give back, so a burst of right passwords from one address (a NAT,
 * a school) would otherwise be refused as if it were guessing; in turn, they never hold more
 * than a fifth of a key's free attempts per instance between them. Past
 * {@link MAX_QUEUED_PER_KEY} waiting the answer is 503 SERVICE_BUSY, never 429.
 */
export function throttledAttempt<T>(keys: ThrottleKey[], now: Date, check: (attempt: Attempt) => Promise<T>): Promise<T> {
  const run = async () => check(await reserveAttempt(keys, now));
  return keys.reduceRight<() => Promise<T>>((inner, { key, rule }) => () => fewAtATime(key, attemptsAtOnce(rule), inner), run)();
}

async function fewAtATime<T>(key: string, limit: number, work: () => Promise<T>): Promise<T> {
  const queue = keyQueues.get(key) ?? { running: 0, queued: 0, waiting: [] };
  if (queue.queued >= MAX_QUEUED_PER_KEY) throw new AppError("SERVICE_BUSY", { retryAfter: 1 });
  keyQueues.set(key, queue);
  queue.queued++;
  try {
    if (queue.running < limit) queue.running++;
    // Else wait for a slot, handed over still counted as running, so no newcomer slips in between.
    else await new Promise<void>((resolve) => queue.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = queue.waiting.shift();
      if (next) next();
      else queue.running--;
    }
  } finally {
    queue.queued--;
    if (queue.queued === 0) keyQueues.delete(key);
  }
}

/**
 * Refuses (429 with Retry-After) while a key's counter is blocked until after `now`, counting
 * nothing: for checks that count only their failures afterwards ({@link reserveAttempt}), so a
 * right API key costs no write. The caller reads `blockedUntil` with its own statement (an API
 * key's one read joins the counter, lib/api-keys/resolve.ts).
 */
export function refuseWhileBlocked(blockedUntil: Date | null, now: Date): void {
  if (blockedUntil && blockedUntil.getTime() > now.getTime()) throw tooMany(blockedUntil, now);
}

type CounterRow = { key: string; failures: number; windowStart: Date; blockedUntil: Date | null };

/** Reserves one attempt on `key`, starting from `counter` as read just before (null: no row yet). */
async function reserveOne(key: ThrottleKey, now: Date, counter: CounterRow | null): Promise<Reservation> {
  const { rule } = key;
  for (let round = 0; round < CAS_ROUNDS; round++) {
    const row = round === 0 ? counter : await db().throttleCounter.findUnique({ where: { key: key.key } });
    if (!row) {
      // Only a parallel first attempt on the same key may make this fail; anything else is an error.
      try {
        await db().throttleCounter.create({ data: { key: key.key, failures: 1, windowStart: now, blockedUntil: delayUntil(1, rule, now) } });
        return { key, failures: 1, windowStart: now, blockedBefore: null };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        continue;
      }
    }
    refuseWhileBlocked(row.blockedUntil, now);
    // Quiet since the window began or, once blocks have started, since the last block ended: a
    // guesser who returns as each block ends keeps the count and its doubling wait.
    const quietSince = Math.max(row.windowStart.getTime(), row.blockedUntil?.getTime() ?? 0);
    const fresh = now.getTime() - quietSince > rule.window * 1000;
    const failures = fresh ? 1 : row.failures + 1;
    const windowStart = fresh ? now : row.windowStart;
    const claimed = await db().throttleCounter.updateMany({
      where: { key: key.key, failures: row.failures, windowStart: row.windowStart },
      data: { failures, windowStart, blockedUntil: delayUntil(failures, rule, now) },
    });
    if (claimed.count === 1) return { key, failures, windowStart, blockedBefore: row.blockedUntil };
  }
  throw new AppError("SERVICE_BUSY", { retryAfter: 1 });
}

/**
 * Takes one attempt back from a key: the row as it was before it, block included, when nothing
 * was counted since; otherwise (another instance counted meanwhile) only its count.
 */
async function release({ key, failures, windowStart, blockedBefore }: Reservation): Promise<void> {
  const restored = await db().throttleCounter.updateMany({ where: { key: key.key, failures, windowStart }, data: { failures: failures - 1, blockedUntil: blockedBefore } });
  if (restored.count === 0) await db().throttleCounter.updateMany({ where: { key: key.key, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
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
