// POST /uauth/auth/password/forgot and /uauth/auth/password/reset through the route handlers, with
// no middleware in front, on both databases. Each case names the threat it guards.
import { outboxProps } from "@/lib/email/outbox";
import { describe, expect, it } from "vitest";
import { POST as mfaRoute } from "@/app/uauth/auth/login/user/mfa/verification/route";
import { POST as forgotRoute } from "@/app/uauth/auth/password/forgot/route";
import { POST as resetRoute } from "@/app/uauth/auth/password/reset/route";
import { GET as meRoute } from "@/app/uauth/me/route";
import { FORGOT_PASSWORD_NOTICE } from "@/lib/auth/password-reset-schemas";
import { RULES } from "@/lib/auth/throttle";
import { db } from "@/lib/db/client";
import { api, codeFor, freshIp, loginViaApi, makeUser, MFA_PATH, signInViaApi, unique, type TestUser } from "@/lib/testing/fixtures";

const FORGOT_PATH = "/uauth/auth/password/forgot";
const RESET_PATH = "/uauth/auth/password/reset";
const NEW_PASSWORD = "lantern orbit velvet canyon";

const forgot = (email: unknown, ip = freshIp()) => api.post(forgotRoute, FORGOT_PATH, { ip, json: { email } });
const reset = (token: string, password: string, ip = freshIp()) => api.post(resetRoute, RESET_PATH, { ip, json: { token, password } });

/** The token in the newest reset e-mail queued for `user`. */
async function mailedToken(user: Pick<TestUser, "email">): Promise<string> {
  const row = await db().outboxEmail.findFirstOrThrow({ where: { to: user.email, template: "password-reset" }, orderBy: { id: "desc" } });
  return (outboxProps(row) as { token: string }).token;
}

describe("POST /uauth/auth/password/forgot", () => {
  // Threat: learning which addresses have accounts from the status, the body or its headers.
  it("answers 202 with one body for unknown, disabled and active addresses", async () => {
    const active = await makeUser();
    const disabled = await makeUser();
    await db().user.update({ where: { id: disabled.id }, data: { status: "DISABLED" } }); // no domain function to disable a user yet
    const answers = [await forgot(active.email), await forgot(disabled.email), await forgot(`${unique("nobody")}@example.test`), await forgot(`  ${active.email.toUpperCase()} `)];
    for (const answer of answers) {
      expect(answer.status).toBe(202);
      expect(answer.json).toEqual({ message: FORGOT_PASSWORD_NOTICE });
      expect([...answer.headers.keys()].sort()).toEqual([...answers[0]!.headers.keys()].sort());
    }
    // The upper-case variant is the same account: two links for the active user, none for the others.
    expect(await db().outboxEmail.count({ where: { to: active.email, template: "password-reset" } })).toBe(2);
    expect(await db().outboxEmail.count({ where: { to: disabled.email } })).toBe(0);
  });

  // Threat: header injection or a list of recipients smuggled in the address.
  it("refuses a malformed, listed or quoted address with 400 on the field", async () => {
    for (const email of ["not-an-address", "a@victim.test,b@evil.test", '"a@evil.test"@victim.test', "a@victim.test\r\nBcc: b@evil.test", 42]) {
      const answer = await forgot(email);
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe("VALIDATION_FAILED");
      expect(answer.json.error.fields).toHaveProperty("email");
    }
    expect(await db().outboxEmail.count({ where: { to: { contains: "evil.test" } } })).toBe(0);
  });

  // Threat: mail-bombing one address through the reset form.
  it("throttles requests per e-mail with 429 and Retry-After", async () => {
    const user = await makeUser();
    for (let i = 0; i < RULES.resetRequestAccount.free; i++) expect((await forgot(user.email)).status).toBe(202);
    const blocked = await forgot(user.email);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db().outboxEmail.count({ where: { to: user.email } })).toBe(RULES.resetRequestAccount.free);
  });

  // Threat: memory exhaustion through a huge body.
  it("refuses a body over 16 KB with 413", async () => {
    const answer = await api.post(forgotRoute, FORGOT_PATH, { json: { email: `${"a".repeat(17 * 1024)}@example.test` } });
    expect(answer.status).toBe(413);
  });
});

describe("POST /uauth/auth/password/reset", () => {
  it("sets the password (204); the old password and every token of the account stop working", async () => {
    const user = await makeUser();
    const { token: accessToken } = await signInViaApi(user);
    expect((await forgot(user.email)).status).toBe(202);
    const answer = await reset(await mailedToken(user), NEW_PASSWORD);
    expect(answer.status).toBe(204);
    expect(answer.json).toBeNull();
    // Threat: a stolen session outliving the password it was signed in with.
    expect((await api.get(meRoute, "/uauth/me", { token: accessToken })).json.error.code).toBe("SESSION_ENDED");
    expect((await loginViaApi(user)).status).toBe(401);
    expect((await loginViaApi(user, { password: NEW_PASSWORD })).status).toBe(200);
  });

  it("answers 404 for a link that never existed and 410 for a used one", async () => {
    expect((await reset("x".repeat(43), NEW_PASSWORD)).json.error.code).toBe("NOT_FOUND");
    const user = await makeUser();
    await forgot(user.email);
    const token = await mailedToken(user);
    expect((await reset(token, NEW_PASSWORD)).status).toBe(204);
    // Threat: a used link (browser history, a forwarded e-mail) setting the password again.
    const again = await reset(token, "another quite long passphrase");
    expect(again.status).toBe(410);
    expect(again.json.error.code).toBe("GONE");
  });

  // Threat: a reset leaving the account with a guessable password.
  it("refuses a weak password with 400 and the policy's reason on `password`", async () => {
    const user = await makeUser();
    await forgot(user.email);
    const token = await mailedToken(user);
    for (const password of ["short", "Password1234567!", `${user.email.split("@")[0]} and more words`]) {
      const answer = await reset(token, password);
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe("VALIDATION_FAILED");
      expect(answer.json.error.fields.password).toEqual(expect.any(String));
    }
    expect((await reset(token, NEW_PASSWORD)).status).toBe(204);
  });

  // Threat: a reset (proof of the mailbox only) used to skip the second factor.
  it("still asks an MFA user for the code after a reset", async () => {
    const user = await makeUser({ mfa: true });
    await forgot(user.email);
    expect((await reset(await mailedToken(user), NEW_PASSWORD)).status).toBe(204);
    const login = await loginViaApi(user, { password: NEW_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.json.mfaMethods).toEqual(["TOTP_AUTHENTICATOR"]);
    expect(login.json.refreshToken).toBeUndefined();
    expect((await api.get(meRoute, "/uauth/me", { token: login.json.token })).status).toBe(403);
    const mfa = await api.post(mfaRoute, MFA_PATH, { token: login.json.token, json: { verificationCode: await codeFor(user) } });
    expect(mfa.status).toBe(200);
  });

  // Threat: guessing link tokens at speed from one address.
  it("throttles token guesses per client address with 429", async () => {
    const guesser = freshIp();
    for (let i = 0; i < RULES.resetTokenAddress.free; i++) expect((await reset(`${"g".repeat(40)}${i}`, NEW_PASSWORD, guesser)).status).toBe(404);
    const blocked = await reset(`${"g".repeat(40)}z`, NEW_PASSWORD, guesser);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBeTruthy();
  });

  // Threat: credentials in the URL (logs, Referer).
  it("refuses a token in the query string", async () => {
    const answer = await api.post(resetRoute, `${RESET_PATH}?token=abc`, { json: { token: "abc", password: NEW_PASSWORD } });
    expect(answer.json.error.code).toBe("CREDENTIALS_IN_QUERY");
  });

  it("refuses a missing field with 400 on it", async () => {
    const answer = await api.post(resetRoute, RESET_PATH, { json: { password: NEW_PASSWORD } });
    expect(answer.status).toBe(400);
    expect(answer.json.error.fields).toHaveProperty("token");
  });
});
