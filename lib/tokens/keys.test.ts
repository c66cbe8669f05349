import { describe, expect, it } from "vitest";
import { ACCESS_TOKEN_TTL } from "./claims";
import { isVerifying, issuedWhileSigning, RETIRED_KEY_GRACE_SECONDS, signingKeyAt, verifiesUntil, type KeyLifecycle } from "./keys";

const at = (iso: string) => new Date(iso);
const key = (kid: string, activeFrom: string | null = null, retiredAt: string | null = null): KeyLifecycle => ({ kid, activeFrom: activeFrom === null ? null : at(activeFrom), retiredAt: retiredAt === null ? null : at(retiredAt) });

describe("signingKeyAt", () => {
  it("keeps a key set from before rotation signing with its first key", () => {
    expect(signingKeyAt([key("a"), key("b")], at("2030-01-01T00:00:00Z"))?.kid).toBe("a");
  });

  it("hands over to the newest key once its activation time has come, not before", () => {
    const keys = [key("new", "2030-01-01T12:00:00Z"), key("old", null, "2030-01-01T12:00:00Z")];
    expect(signingKeyAt(keys, at("2030-01-01T11:59:59Z"))?.kid).toBe("old");
    expect(signingKeyAt(keys, at("2030-01-01T12:00:00Z"))?.kid).toBe("new");
  });

  it("picks the latest activation whatever the order of the list", () => {
    const keys = [key("older", "2030-01-01T00:00:00Z"), key("newer", "2030-01-02T00:00:00Z"), key("undated")];
    expect(signingKeyAt(keys, at("2030-01-03T00:00:00Z"))?.kid).toBe("newer");
  });

  it("never signs with a retired key, and says so when none is left", () => {
    expect(signingKeyAt([key("old", null, "2030-01-01T00:00:00Z")], at("2030-01-01T00:00:01Z"))).toBeNull();
  });
});

describe("a retired key's verification window", () => {
  it("lasts the longest token lifetime plus the instances' clock skew after retirement", () => {
    expect(RETIRED_KEY_GRACE_SECONDS).toBe(Math.max(...Object.values(ACCESS_TOKEN_TTL)) + 60);
    const retired = key("old", null, "2030-01-01T12:00:00Z");
    const until = verifiesUntil(retired)!;
    expect(until).toEqual(new Date(at("2030-01-01T12:00:00Z").getTime() + RETIRED_KEY_GRACE_SECONDS * 1000));
    expect(isVerifying(retired, until)).toBe(true);
    expect(isVerifying(retired, new Date(until.getTime() + 1))).toBe(false);
  });

  it("has no end for a key that has not retired, including one that starts signing later", () => {
    expect(verifiesUntil(key("a"))).toBeNull();
    expect(isVerifying(key("next", "2031-01-01T00:00:00Z"), at("2030-01-01T00:00:00Z"))).toBe(true);
  });
});

describe("issuedWhileSigning (threat: a leaked retired key minting fresh tokens)", () => {
  const seconds = (iso: string) => at(iso).getTime() / 1000;
  const period = key("k", "2030-01-01T00:00:00Z", "2030-01-02T00:00:00Z");

  it("accepts an iat within the key's signing period, give or take a minute of clock skew", () => {
    expect(issuedWhileSigning(period, seconds("2030-01-01T12:00:00Z"))).toBe(true);
    expect(issuedWhileSigning(period, seconds("2029-12-31T23:59:00Z"))).toBe(true);
    expect(issuedWhileSigning(period, seconds("2030-01-02T00:01:00Z"))).toBe(true);
  });

  it("refuses an iat before the key signed or after it retired", () => {
    expect(issuedWhileSigning(period, seconds("2029-12-31T23:58:59Z"))).toBe(false);
    expect(issuedWhileSigning(period, seconds("2030-01-02T00:01:01Z"))).toBe(false);
  });

  it("accepts any iat for an undated key", () => {
    expect(issuedWhileSigning(key("a"), 0)).toBe(true);
  });
});
