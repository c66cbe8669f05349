// Threat: a typo'd, truncated or made-up key reaching the database, and keys too weak to resist
// guessing. The format is checked before any lookup.
import { describe, expect, it } from "vitest";
import { API_KEY_LENGTH, API_KEY_PREFIX, generateApiKey, parseApiKey } from "./format";

describe("API key format", () => {
  it("is gh_live_ + 43 base62 random characters + a 6-character checksum, with its display parts", () => {
    const { key, prefix, lastFour } = generateApiKey();
    expect(key).toMatch(/^gh_live_[0-9A-Za-z]{49}$/);
    expect(key).toHaveLength(API_KEY_LENGTH);
    expect(prefix).toBe(key.slice(0, API_KEY_PREFIX.length + 8));
    expect(lastFour).toBe(key.slice(-4));
    expect(parseApiKey(key)).toEqual({ prefix, lastFour });
  });

  it("draws fresh randomness each time", () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().key));
    expect(keys.size).toBe(200);
  });

  it("refuses a key with one character changed, truncated, extended or from another alphabet", () => {
    const { key } = generateApiKey();
    const at = API_KEY_PREFIX.length + 10;
    const typo = key.slice(0, at) + (key[at] === "a" ? "b" : "a") + key.slice(at + 1);
    const brokenChecksum = key.slice(0, -1) + (key.endsWith("0") ? "1" : "0");
    for (const bad of [typo, brokenChecksum, key.slice(0, -1), `${key}0`, key.replace("gh_live_", "gh_test_"), `${key.slice(0, -2)}-_`, ""]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });
});
