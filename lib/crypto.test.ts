import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { decrypt, encrypt, keyedHash, randomToken, safeEqual, sha256 } from "./crypto";

describe("crypto", () => {
  it("round-trips encryption with a fresh IV each time", () => {
    const a = encrypt("JBSWY3DPEHPK3PXP", "totp-secret", 7);
    const b = encrypt("JBSWY3DPEHPK3PXP", "totp-secret", 7);
    expect(a).not.toBe(b);
    expect(a).not.toContain("JBSWY3DPEHPK3PXP");
    expect(decrypt(a, "totp-secret", 7)).toBe("JBSWY3DPEHPK3PXP");
  });
  it("refuses a tampered ciphertext (threat: a database writer swapping secrets)", () => {
    const sealed = encrypt("secret", "totp-secret", 7);
    const parts = sealed.split(".");
    const flipped = Buffer.from(parts[4]!, "base64url");
    flipped[0]! ^= 1;
    parts[4] = flipped.toString("base64url");
    expect(() => decrypt(parts.join("."), "totp-secret", 7)).toThrow();
    expect(() => decrypt("plain", "totp-secret", 7)).toThrow("not an encrypted value");
  });
  // Threat: a database writer copying their own TOTP secret into the victim's row (or a refresh
  // pair into another row), so the victim's second factor becomes one the attacker holds.
  it("binds a value to its purpose and its row", () => {
    const sealed = encrypt("JBSWY3DPEHPK3PXP", "totp-secret", 7);
    expect(() => decrypt(sealed, "totp-secret", 8)).toThrow();
    expect(() => decrypt(sealed, "refresh-replacement", 7)).toThrow();
  });
  // Threat: GCM's tag truncated to a few bytes, which a forger can brute-force.
  it("refuses a truncated authentication tag", () => {
    const parts = encrypt("secret", "totp-secret", 7).split(".");
    parts[3] = Buffer.from(parts[3]!, "base64url").subarray(0, 4).toString("base64url");
    expect(() => decrypt(parts.join("."), "totp-secret", 7)).toThrow("not an encrypted value");
  });
  it("names the key a value was sealed with, and says when it is another", () => {
    const parts = encrypt("secret", "totp-secret", 7).split(".");
    expect(parts[0]).toBe("v2");
    parts[1] = "otherkey";
    expect(() => decrypt(parts.join("."), "totp-secret", 7)).toThrow(/encrypted under another key \(otherkey\)/);
  });
  it("still reads values written before the additional data (v1)", () => {
    const key = Buffer.from(process.env.GATEHOUSE_ENCRYPTION_KEY!, "base64");
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const ciphertext = Buffer.concat([cipher.update("JBSWY3DPEHPK3PXP", "utf8"), cipher.final()]);
    const v1 = ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
    expect(decrypt(v1, "totp-secret", 7)).toBe("JBSWY3DPEHPK3PXP");
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
