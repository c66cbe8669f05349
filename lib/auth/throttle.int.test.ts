import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { addSeconds } from "@/lib/clock";
import { assertNotThrottled, clearFailures, recordFailure, RULES, throttleKeys, type ThrottleKey } from "./throttle";

const T0 = new Date("2030-02-01T08:00:00Z");
let keySequence = 0;
const freshKey = (): ThrottleKey => throttleKeys.loginAccount(`throttle${++keySequence}@example.test`);

async function fail(key: ThrottleKey, times: number, now: Date) {
  for (let i = 0; i < times; i++) await recordFailure([key], now);
}

/** The wait assertNotThrottled demands at `now` (0 when free). */
async function waitAt(key: ThrottleKey, now: Date): Promise<number> {
  try {
    await assertNotThrottled([key], now);
    return 0;
  } catch (error) {
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    return (error as { details: { retryAfter: number } }).details.retryAfter;
  }
}

describe("failure throttling", () => {
  it("blocks a key once its free failures are used, for the computed wait (threat: password guessing)", async () => {
    const key = freshKey();
    await fail(key, RULES.loginAccount.free - 1, T0);
    expect(await waitAt(key, T0)).toBe(0);
    await fail(key, 1, T0);
    expect(await waitAt(key, addSeconds(T0, 1))).toBe(14);
    expect(await waitAt(key, addSeconds(T0, 15))).toBe(0);
  });

  it("keeps its counters in the database, so another instance sees the block (threat: spreading guesses over instances)", async () => {
    const key = freshKey();
    await fail(key, RULES.loginAccount.free, T0);
    const row = await db().throttleCounter.findUniqueOrThrow({ where: { key: key.key } });
    expect(row).toMatchObject({ failures: RULES.loginAccount.free, blockedUntil: addSeconds(T0, 15) });
    // A fresh module instance holds no memory of its own: the block comes from the row.
    vi.resetModules();
    const secondInstance = await import("./throttle");
    await expect(secondInstance.assertNotThrottled([key], addSeconds(T0, 2))).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("counts every one of many parallel failures (threat: racing past the cap)", async () => {
    const key = freshKey();
    await Promise.all(Array.from({ length: 12 }, () => recordFailure([key], T0)));
    expect((await db().throttleCounter.findUniqueOrThrow({ where: { key: key.key } })).failures).toBe(12);
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
    const blockEnds = addSeconds(T0, 15);
    const later = addSeconds(blockEnds, RULES.loginAccount.window + 1);
    await fail(key, 1, later);
    expect(await waitAt(key, later)).toBe(0);
    expect((await db().throttleCounter.findUniqueOrThrow({ where: { key: key.key } })).failures).toBe(1);
  });

  it("gives a shared address far more room than one account (a NAT is not an attacker)", async () => {
    const address = throttleKeys.loginAddress("198.51.100.77");
    await fail(address, RULES.loginAddress.free - 1, T0);
    expect(await waitAt(address, T0)).toBe(0);
    await fail(address, 1, T0);
    expect(await waitAt(address, T0)).toBe(15);
  });

  it("forgets a key's failures after a success", async () => {
    const key = freshKey();
    await fail(key, RULES.loginAccount.free, T0);
    await clearFailures([key]);
    expect(await waitAt(key, T0)).toBe(0);
    expect(await db().throttleCounter.count({ where: { key: key.key } })).toBe(0);
  });
});
