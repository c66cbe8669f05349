import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { matchTotp, timeStep, totpCode } from "./totp";

/** An independent RFC 6238 generator (node:crypto only) to check otplib against. */
function referenceTotp(base32: string, unixSeconds: number, digits = 6): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of base32.replace(/=+$/, "").toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const hmac = createHmac("sha1", key).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0xf;
  const value = (hmac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return value.toString().padStart(digits, "0");
}

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" in base32, 8 digits → last 6 digits.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_VECTORS: Array<[number, string]> = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("TOTP", () => {
  it("matches the RFC 6238 test vectors", async () => {
    for (const [seconds, eightDigits] of RFC_VECTORS) {
      expect(referenceTotp(RFC_SECRET, seconds, 8)).toBe(eightDigits);
      expect(await totpCode(RFC_SECRET, new Date(seconds * 1000))).toBe(eightDigits.slice(2));
    }
  });

  it("agrees with the independent generator for the demo secret over many steps", async () => {
    const start = Date.UTC(2026, 0, 1) / 1000;
    for (let i = 0; i < 50; i++) {
      const seconds = start + i * 30 + 7;
      expect(await totpCode("JBSWY3DPEHPK3PXP", new Date(seconds * 1000))).toBe(referenceTotp("JBSWY3DPEHPK3PXP", seconds));
    }
  });

  it("accepts the current and the previous step, never the next", async () => {
    const now = new Date(Date.UTC(2026, 5, 1, 12, 0, 10));
    const secret = "JBSWY3DPEHPK3PXP";
    const step = timeStep(now);
    expect(await matchTotp(secret, await totpCode(secret, now), now, null)).toBe(step);
    expect(await matchTotp(secret, await totpCode(secret, new Date(now.getTime() - 30_000)), now, null)).toBe(step - 1);
    expect(await matchTotp(secret, await totpCode(secret, new Date(now.getTime() - 60_000)), now, null)).toBeNull();
    expect(await matchTotp(secret, await totpCode(secret, new Date(now.getTime() + 30_000)), now, null)).toBeNull();
  });

  it("refuses a step at or before the last accepted one (replay)", async () => {
    const now = new Date(Date.UTC(2026, 5, 1, 12, 0, 10));
    const secret = "JBSWY3DPEHPK3PXP";
    const code = await totpCode(secret, now);
    expect(await matchTotp(secret, code, now, timeStep(now))).toBeNull();
    expect(await matchTotp(secret, code, now, timeStep(now) - 1)).toBe(timeStep(now));
  });

  it("refuses wrong codes", async () => {
    const now = new Date(Date.UTC(2026, 5, 1, 12, 0, 10));
    const good = await totpCode("JBSWY3DPEHPK3PXP", now);
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, "0");
    expect(await matchTotp("JBSWY3DPEHPK3PXP", wrong, now, null)).toBeNull();
  });
});
