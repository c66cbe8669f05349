import { randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { decrypt, encrypt, keyedHash, randomToken, safeEqual, sha256 } from "./crypto";

describe("crypto", () => {
  it("round-trips encryption with a fresh IV each time", () => {
    const a = encrypt("JBSWY3DPEHPK3PXP");
    const b = encrypt("JBSWY3DPEHPK3PXP");
    expect(a).not.toBe(b);
    expect(a).not.toContain("JBSWY3DPEHPK3PXP");
    expect(decrypt(a)).toBe("JBSWY3DPEHPK3PXP");
  });
  it("refuses a tampered ciphertext (threat: a database writer swapping secrets)", () => {
    const sealed = encrypt("secret");
    const parts = sealed.split(".");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped[0]! ^= 1;
    parts[3] = flipped.toString("base64url");
    expect(() => decrypt(parts.join("."))).toThrow();
    expect(() => decrypt("plain")).toThrow("not an encrypted value");
  });
  it("makes random tokens of the asked size and stable hashes", () => {
    expect(Buffer.from(randomToken(), "base64url")).toHaveLength(32);
    expect(randomToken()).not.toBe(randomToken());
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(safeEqual("a", "a")).toBe(true);
    expect(safeEqual("a", "ab")).toBe(false);
  });
});

describe("keyed hash", () => {
  // Threat: a copy of the database tested offline against guessed low-entropy secrets.
  it("cannot be recomputed without the environment's key, and differs per purpose", async () => {
    const hashed = keyedHash("recovery-code", "abcde23456");
    expect(hashed).toMatch(/^[0-9a-f]{64}$/);
    expect(hashed).toBe(keyedHash("recovery-code", "abcde23456"));
    expect(hashed).not.toBe(sha256("abcde23456"));
    expect(hashed).not.toBe(keyedHash("device-cookie", "abcde23456"));

    const original = process.env.GATEHOUSE_ENCRYPTION_KEY;
    try {
      process.env.GATEHOUSE_ENCRYPTION_KEY = randomBytes(32).toString("base64");
      vi.resetModules();
      const otherInstallation = await import("./crypto");
      expect(otherInstallation.keyedHash("recovery-code", "abcde23456")).not.toBe(hashed);
    } finally {
      process.env.GATEHOUSE_ENCRYPTION_KEY = original;
      vi.resetModules();
    }
  });
});
