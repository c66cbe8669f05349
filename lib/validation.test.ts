import { describe, expect, it } from "vitest";
import { emailSchema, NEW_PASSWORD_MAX, newPasswordSchema, passwordSchema, PASSWORD_MAX, recoveryCodeSchema, subdomainSchema, totpCodeSchema } from "./validation";

describe("emailSchema", () => {
  it("trims and lower-cases", () => {
    expect(emailSchema.parse("  Ada@Gatehouse.TEST ")).toBe("ada@gatehouse.test");
  });
  // Threat: an invitation addressed to one account but delivered to another, or to two.
  it("refuses comma lists, quoted local parts, spaces and line breaks", () => {
    for (const bad of ['"a@evil.test"@victim.test', "a@evil.test,b@victim.test", "a@evil.test, b@victim.test", "a@evil.test;b@victim.test", "a b@victim.test", "a@victim.test\r\nBcc: c@evil.test", "<a@evil.test>", "Ada <a@evil.test>"]) {
      expect(emailSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  // Threat: two accounts for one mailbox through case, or a look-alike through Unicode case folding.
  it("maps case variants to one address and refuses non-ASCII ones (no Unicode case folding to collide)", () => {
    expect(new Set(["ADA@Example.TEST", "ada@example.test", " Ada@EXAMPLE.test "].map((e) => emailSchema.parse(e)))).toEqual(new Set(["ada@example.test"]));
    // U+212A KELVIN SIGN lower-cases to "k", U+0130 to "i̇": refused rather than merged or split.
    for (const bad of ["\u212Aate@example.test", "\u0130da@example.test", "ÄDA@example.test", "ada@exämple.test"]) expect(emailSchema.safeParse(bad).success, bad).toBe(false);
  });

  it("refuses what is not an address", () => {
    expect(emailSchema.safeParse("ada").success).toBe(false);
    expect(emailSchema.safeParse("").error?.issues[0]?.message).toBe("Enter your e-mail address.");
  });
});

describe("passwords (NIST SP 800-63B-4)", () => {
  it("needs 15 characters for a new password and counts code points, not bytes", () => {
    expect(newPasswordSchema.safeParse("fourteen-chars").success).toBe(false);
    expect(newPasswordSchema.safeParse("fifteen-chars!!").success).toBe(true);
  });
  it("refuses more than the cap instead of truncating", () => {
    expect(newPasswordSchema.safeParse("x".repeat(NEW_PASSWORD_MAX)).success).toBe(true);
    expect(newPasswordSchema.safeParse("x".repeat(NEW_PASSWORD_MAX + 1)).success).toBe(false);
    // A password set before the new cap still signs in.
    expect(passwordSchema.safeParse("x".repeat(PASSWORD_MAX)).success).toBe(true);
    expect(passwordSchema.safeParse("x".repeat(PASSWORD_MAX + 1)).success).toBe(false);
  });
});

describe("codes", () => {
  it("normalises a pasted TOTP code and refuses the wrong length", () => {
    expect(totpCodeSchema.parse(" 123 456 ")).toBe("123456");
    expect(totpCodeSchema.safeParse("12345").success).toBe(false);
    expect(totpCodeSchema.safeParse("12345a").success).toBe(false);
  });
  it("forgives case and dashes in recovery codes", () => {
    expect(recoveryCodeSchema.parse("ABCDE-fghjk")).toBe("abcdefghjk");
    expect(recoveryCodeSchema.safeParse("short").success).toBe(false);
  });
});

describe("subdomainSchema", () => {
  it("accepts DNS labels only", () => {
    expect(subdomainSchema.parse("Acme")).toBe("acme");
    expect(subdomainSchema.safeParse("-acme").success).toBe(false);
    expect(subdomainSchema.safeParse("ac me").success).toBe(false);
    expect(subdomainSchema.safeParse("a".repeat(64)).success).toBe(false);
  });
});
