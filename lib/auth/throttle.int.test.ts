import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { addSeconds } from "@/lib/clock";
import { hashConcurrency } from "./password";
import { attemptsAtOnce, reserveAttempt, RULES, throttledAttempt, throttleKeys, type Attempt, type ThrottleKey } from "./throttle";

const T0 = new Date("2030-02-01T08:00:00Z");
let keySequence = 0;
const freshKey = (): ThrottleKey => throttleKeys.loginAccount(`throttle${++keySequence}@example.test`);

/** `times` attempts that all turn out wrong (a wrong guess leaves its count standing). */
async function fail(key: ThrottleKey, times: number, now: Date) {
  for (let i = 0; i < times; i++) await reserveAttempt([key], now);
}

/** The wait an attempt at `now` is told to observe (0 when it may go ahead, and is then counted). */
async function waitAt(key: ThrottleKey, now: Date): Promise<number> {
  try {
    await reserveAttempt([key], now);
    return 0;
  } catch (error) {
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    return (error as { details: { retryAfter: number } }).details.retryAfter;
  }
}

const rowOf = (key: ThrottleKey) => db().throttleCounter.findUniqueOrThrow({ where: { key: key.key } });

describe("attempt throttling", () => {
  it("blocks a key once its free attempts are used, for the computed wait (threat: password guessing)", async () => {
    const key = freshKey();
    await fail(key, RULES.loginAccount.free, T0);
    expect(await waitAt(key, addSeconds(T0, 1))).toBe(14);
    expect(await waitAt(key, addSeconds(T0, 15))).toBe(0);
  });

  it("keeps its counters in the database, so another instance sees the block (threat: spreading guesses over instances)", async () => {
    const key = freshKey();
    await fail(key, RULES.loginAccount.free, T0);
    expect(await rowOf(key)).toMatchObject({ failures: RULES.loginAccount.free, blockedUntil: addSeconds(T0, 15) });
    // A fresh module instance holds no memory of its own: the block comes from the row.
    vi.resetModules();
    const secondInstance = await import("./throttle");
    await expect(secondInstance.reserveAttempt([key], addSeconds(T0, 2))).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("lets exactly the free attempts through when many arrive at once (threat: racing past the count)", async () => {
    const key = freshKey();
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => reserveAttempt([key], T0)));
    // The free ones, then the one that sets the block; every other guess is refused unchecked.
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(RULES.loginAccount.free);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason.code === "TOO_MANY_REQUESTS")).toBe(true);
    expect((await rowOf(key)).failures).toBe(RULES.loginAccount.free);
  });

  it("doubles the wait for a guesser who comes back as each block ends, and never hands out fresh free attempts (threat: steady guessing)", async () => {
    const key = freshKey();
    let now = T0;
    await fail(key, RULES.loginAccount.free, now);
    const waits: number[] = [];
    // Two hours of guessing, each guess the moment the previous block ends.
    while (now.getTime() < T0.getTime() + 2 * 3600_000) {
      now = addSeconds(now, await waitAt(key, now));
      await fail(key, 1, now);
      const wait = await waitAt(key, now);
      expect(wait).toBeGreaterThan(0);
      waits.push(wait);
    }
    expect(waits.slice(0, 6)).toEqual([30, 60, 120, 240, 480, 900]);
    expect(new Set(waits.slice(5))).toEqual(new Set([900]));
    // After the free five: six guesses in the first 945 s, then one per 900 s — 13 in two hours
    // (a counter that started over every window would allow about eighty).
    expect(waits.length).toBe(13);
  });

  it("starts over after a quiet window, so the owner is never held by old failures", async () => {
    const key = freshKey();
    await fail(key, RULES.loginAccount.free, T0);
    const later = addSeconds(T0, 15 + RULES.loginAccount.window + 1);
    expect(await waitAt(key, later)).toBe(0);
    expect((await rowOf(key)).failures).toBe(1);
  });

  it("gives a shared address far more room than one account (a NAT is not an attacker)", async () => {
    const address = throttleKeys.loginAddress("198.51.100.77");
    await fail(address, RULES.loginAddress.free, T0);
    expect(await waitAt(address, T0)).toBe(15);
  });

  it("counts an IPv6 client by its /64 (threat: rotating through one's own 2^64 addresses)", async () => {
    expect(throttleKeys.loginAddress("2001:db8:1:2:aaaa::1").key).toBe(throttleKeys.loginAddress("2001:db8:1:2:ffff::9").key);
    expect(throttleKeys.loginAddress("2001:db8:1:3::1").key).not.toBe(throttleKeys.loginAddress("2001:db8:1:2::1").key);
    expect(throttleKeys.loginAddress("::ffff:198.51.100.7").key).toBe("login:ip:198.51.100.7");
  });

  it("forgets an account's count after a right guess", async () => {
    const key = freshKey();
    await fail(key, RULES.loginAccount.free - 1, T0);
    await (await reserveAttempt([key], T0)).succeeded();
    expect(await db().throttleCounter.count({ where: { key: key.key } })).toBe(0);
  });

  it("takes back only the successful attempt on an address (threat: a guesser's own logins wiping out its failures)", async () => {
    const address = throttleKeys.loginAddress("198.51.100.88");
    await fail(address, 10, T0);
    await (await reserveAttempt([address], T0)).succeeded();
    expect((await rowOf(address)).failures).toBe(10);
  });
});

/** Counts the checks running at once; the first ones wait until `open(running)` holds, then all go through. */
function checkCounter(open: (running: number) => boolean) {
  const state = { running: 0, most: 0 };
  const waiting: Array<() => void> = [];
  let opened = false;
  const check = async (attempt: Attempt) => {
    state.running++;
    state.most = Math.max(state.most, state.running);
    opened ||= open(state.running);
    if (opened) for (const release of waiting.splice(0)) release();
    else await new Promise<void>((resolve) => waiting.push(resolve));
    state.running--;
    await attempt.succeeded();
  };
  return { state, check };
}

describe("attempts checked at once, per key and process", () => {
  it("checks sign-ins from one address side by side, one more than the hashes at once, never more", async () => {
    expect(attemptsAtOnce(RULES.loginAddress)).toBe(Math.min(6, hashConcurrency() + 1));
    expect(attemptsAtOnce(RULES.loginAddress)).toBeGreaterThan(1);
    const ip = `198.51.100.${++keySequence % 250}`;
    const limit = attemptsAtOnce(RULES.loginAddress);
    const { state, check } = checkCounter((running) => running >= limit);
    // Ten people behind one NAT, each with an account of their own.
    await Promise.all(Array.from({ length: 10 }, (_, i) => throttledAttempt(throttleKeys.login(`nat${keySequence}-${i}@example.test`, ip, null), T0, check)));
    expect(state.most).toBe(limit);
    // Right passwords: the address keeps no count.
    expect(await db().throttleCounter.findUnique({ where: { key: throttleKeys.loginAddress(ip).key } })).toMatchObject({ failures: 0 });
  });

  it("checks one attempt at a time on one account, so parallel right passwords never hold more than one count", async () => {
    expect(attemptsAtOnce(RULES.loginAccount)).toBe(1);
    const email = `one-account${++keySequence}@example.test`;
    const { state, check } = checkCounter(() => true);
    await Promise.all(Array.from({ length: 4 }, (_, i) => throttledAttempt(throttleKeys.login(email, `203.0.113.${i + 1}`, null), T0, check)));
    expect(state.most).toBe(1);
  });
});
