import { describe, expect, it } from "vitest";
import { delayAfter, RULES, type ThrottleRule } from "./throttle";

const rule: ThrottleRule = { free: 5, baseDelay: 15, maxDelay: 15 * 60, window: 15 * 60 };

describe("delayAfter", () => {
  it("lets the first failures through without a wait (threat: locking out the owner over a typo)", () => {
    for (let failures = 0; failures < rule.free; failures++) expect(delayAfter(failures, rule)).toBe(0);
  });

  it("doubles the wait for each failure after the free ones (threat: fast password guessing)", () => {
    expect([5, 6, 7, 8, 9].map((failures) => delayAfter(failures, rule))).toEqual([15, 30, 60, 120, 240]);
  });

  it("caps the wait, so the real owner is never locked out for long", () => {
    expect(delayAfter(11, rule)).toBe(900);
    expect(delayAfter(1_000, rule)).toBe(900);
    expect(Number.isFinite(delayAfter(10_000, rule))).toBe(true);
  });

  it("uses the documented rules: five free login failures per account, thirty per address, five MFA codes per user", () => {
    expect(delayAfter(4, RULES.loginAccount)).toBe(0);
    expect(delayAfter(5, RULES.loginAccount)).toBe(15);
    expect(delayAfter(29, RULES.loginAddress)).toBe(0);
    expect(delayAfter(30, RULES.loginAddress)).toBe(15);
    expect(delayAfter(4, RULES.mfaUser)).toBe(0);
    expect(delayAfter(5, RULES.mfaUser)).toBe(30);
  });
});
