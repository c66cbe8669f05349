// Threat: an account protected by a password an attacker guesses from a list of leaked ones or
// from the address itself (NIST SP 800-63B-4 §3.1.1.2), accepted because it is long enough.
import { describe, expect, it } from "vitest";
import { dictionary } from "@zxcvbn-ts/language-common";
import { AppError } from "@/lib/errors";
import { checkNewPassword, enforcePasswordPolicy } from "./password-policy";
import { ratePassword } from "./password-rules";

const EMAIL = "ada.lovelace@example.test";
const reason = (password: string, email = EMAIL) => {
  const verdict = checkNewPassword(password, email);
  return verdict.ok ? "ok" : verdict.reason;
};

describe("the password policy", () => {
  it("bundles a list of at least 10,000 leaked passwords", () => {
    expect(dictionary["passwords-common"].length).toBeGreaterThanOrEqual(10_000);
  });

  it("refuses fewer than 15 characters and more than 128", () => {
    expect(reason("tangerine-lamp")).toBe("too_short");
    expect(reason("x7#".repeat(43))).toBe("too_long");
  });

  it("refuses passwords from the leaked list and their near relatives", () => {
    expect(reason("passwordpassword")).toBe("common");
    expect(reason("PasswordPassword")).toBe("common");
    expect(reason("qwertyuiopasdfgh")).toBe("guessable");
    expect(reason("iloveyou12345678")).toBe("guessable");
    expect(reason("1q2w3e4r5t6y7u8i")).toBe("guessable");
    expect(reason("aaaaaaaaaaaaaaaaaaaa")).toBe("guessable");
  });

  // Threat: the "complexity" patterns cracking rules try first: a word, a year or digits, a symbol.
  it("refuses a word padded with a year, digits or symbols", () => {
    for (const password of ["Password1234567!", "Dragon2024!!!!!!", "Summer2024Summer", "Gatehouse2024!!!"]) expect(reason(password), password).toBe("guessable");
  });

  it("refuses a password containing the e-mail's local part or a name in it", () => {
    expect(reason("ada.lovelace-rules-the-engine")).toBe("contains_email");
    expect(reason("my name is LOVELACE and I compute")).toBe("contains_email");
    // A two-letter local part is not looked for: it would refuse good passwords for nothing.
    expect(reason("joyful tangerine lamp ferry", "jo@example.test")).toBe("ok");
  });

  // Threat: an invited superuser choosing the workspace's own name, the first thing tried against it.
  it("refuses a password containing the workspace's name or a word of it, when one is given", () => {
    const verdict = (password: string) => checkNewPassword(password, EMAIL, { workspaceName: "Initech Payroll" });
    expect(verdict("initech tangerine lamp ferry")).toMatchObject({ ok: false, reason: "contains_workspace" });
    expect(verdict("tangerine PAYROLL lamp ferry")).toMatchObject({ ok: false, reason: "contains_workspace" });
    expect(verdict("initechpayroll-cobalt-ferry-lamp")).toMatchObject({ ok: false, reason: "contains_workspace" });
    expect(verdict("tangerine lamp cobalt ferry")).toEqual({ ok: true });
    // Short words of a name are not looked for (an "AB Ltd" would refuse "ab" everywhere).
    expect(checkNewPassword("tangerine lamp cobalt ferry ab", EMAIL, { workspaceName: "AB" })).toEqual({ ok: true });
  });

  it("accepts a passphrase of unrelated words", () => {
    expect(checkNewPassword("tangerine lamp cobalt ferry", EMAIL)).toEqual({ ok: true });
    expect(reason("trombone-avalanche-quietly-47")).toBe("ok");
  });

  it("answers with a sentence for the field, as a validation error", () => {
    let thrown: unknown;
    try {
      enforcePasswordPolicy("qwertyuiopasdfgh", EMAIL);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: "VALIDATION_FAILED", details: { fieldErrors: { password: expect.stringMatching(/commonly used password\. Try four or five unrelated words\.$/) } } });
    expect(() => enforcePasswordPolicy("tangerine lamp cobalt ferry", EMAIL)).not.toThrow();
  });
});

// Threat: a strength hint in the browser that calls a password fine which the server then refuses.
describe("the browser's strength hint", () => {
  it("rates with the very verdict the server enforces, plus zxcvbn's score when the estimate ran", () => {
    const context = { workspaceName: "Initech Payroll" };
    for (const password of ["short", "passwordpassword", "Password1234567!", "initech tangerine lamp ferry", "ada.lovelace-rules-the-engine", "tangerine lamp cobalt ferry"]) {
      expect(ratePassword(password, EMAIL, context).verdict, password).toEqual(checkNewPassword(password, EMAIL, context));
    }
    expect(ratePassword("tangerine lamp cobalt ferry", EMAIL)).toEqual({ verdict: { ok: true }, score: 4 });
    expect(ratePassword("Password1234567!", EMAIL).score).toBeLessThan(4);
    expect(ratePassword("passwordpassword", EMAIL).score).toBe(0);
    // Refused before the estimate: nothing to rate.
    expect(ratePassword("tangerine", EMAIL).score).toBeNull();
  });
});
