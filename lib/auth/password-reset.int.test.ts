// Password reset from the attacker's side, on both databases, with an explicit clock.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loginWithPassword } from "@/lib/auth/journey";
import { RULES } from "@/lib/auth/throttle";
import { addSeconds } from "@/lib/clock";
import { sha256 } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { databaseEnv } from "@/lib/env";
import { recordingClient } from "@/lib/testing/recording-client";
import { context, disableUser, freshIp, makeUser, unique, type TestUser } from "@/lib/testing/fixtures";
import { createUser } from "@/lib/users";
import { findOpenPasswordReset, PASSWORD_RESET_TTL, requestPasswordReset, resetPassword } from "./password-reset";

const T0 = new Date("2031-05-01T10:00:00Z");
const at = (seconds: number) => addSeconds(T0, seconds);
const NEW_PASSWORD = "lantern orbit velvet canyon";
const sqlite = () => databaseEnv().provider === "sqlite";

/** The outcome of a call as a code: "OK" or the AppError's code. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/** The reset e-mails queued for `email`, newest last, with the token each carries. */
async function resetEmails(email: string) {
  const rows = await db().outboxEmail.findMany({ where: { to: email, template: "password-reset" }, orderBy: { id: "asc" } });
  return rows.map((row) => ({ ...row, props: JSON.parse(row.payload) as { token: string; expiresAt: string } }));
}

/** Asks for a link for `user` at `now` and returns its token, read from the queued e-mail. */
async function linkFor(user: Pick<TestUser, "email">, now = T0): Promise<string> {
  await requestPasswordReset(user.email, context(now, freshIp()));
  const emails = await resetEmails(user.email);
  return emails.at(-1)!.props.token;
}

describe("requestPasswordReset", () => {
  it("queues one e-mail whose link is a stored hash, valid for 30 minutes", async () => {
    const user = await makeUser();
    const token = await linkFor(user);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [email] = await resetEmails(user.email);
    expect(email!.props.expiresAt).toBe(at(PASSWORD_RESET_TTL).toISOString());
    const stored = await db().passwordResetToken.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(1);
    // Threat: a database copy handing out working links: only the hash is kept.
    expect(stored[0]!.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  // Threat: an older link (in a forwarded or leaked e-mail) still working after a newer one was asked for.
  it("revokes the user's earlier unused links when a new one is asked for", async () => {
    const user = await makeUser();
    const first = await linkFor(user);
    const second = await linkFor(user, at(60));
    expect(await outcome(resetPassword(first, NEW_PASSWORD, context(at(120))))).toBe("GONE");
    expect(await outcome(resetPassword(second, NEW_PASSWORD, context(at(120))))).toBe("OK");
  });

  // Threat: a failure after the link is written leaving a link without its e-mail, or an e-mail for a link that does not exist.
  describe("one transaction", () => {
    afterEach(async () => {
      if (sqlite()) return void (await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS reset_audit_fails`));
      await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS reset_audit_fails ON "AuditEvent"`);
      await db().$executeRawUnsafe(`DROP FUNCTION IF EXISTS reset_audit_fails()`);
    });

    /** From now on the audit write of a request from the user agent `fail-audit` fails (the transaction's last statement). */
    async function failAuditWrites() {
      if (sqlite()) {
        return void (await db().$executeRawUnsafe(`CREATE TRIGGER reset_audit_fails BEFORE INSERT ON "AuditEvent" WHEN NEW."userAgent" = 'fail-audit' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`));
      }
      await db().$executeRawUnsafe(`CREATE FUNCTION reset_audit_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW."userAgent" = 'fail-audit' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
      await db().$executeRawUnsafe(`CREATE TRIGGER reset_audit_fails BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION reset_audit_fails()`);
    }

    it("writes the link and its e-mail together, and neither when the transaction rolls back", async () => {
      const user = await makeUser();
      await failAuditWrites();
      await expect(requestPasswordReset(user.email, { ip: freshIp(), userAgent: "fail-audit", now: T0 })).rejects.toThrow();
      expect(await db().passwordResetToken.count({ where: { userId: user.id } })).toBe(0);
      expect(await resetEmails(user.email)).toHaveLength(0);

      const token = await linkFor(user, at(1));
      expect(await db().passwordResetToken.count({ where: { userId: user.id } })).toBe(1);
      expect(await resetEmails(user.email)).toHaveLength(1);

      // A reset whose last write fails changes nothing: old password, sessions, no notice, link still usable.
      const session = await loginWithPassword({ email: user.email, password: user.password }, context(at(2)));
      await expect(resetPassword(token, NEW_PASSWORD, { ip: freshIp(), userAgent: "fail-audit", now: at(3) })).rejects.toThrow();
      expect(await outcome(loginWithPassword({ email: user.email, password: user.password }, context(at(4), freshIp())))).toBe("OK");
      expect(await db().session.findUniqueOrThrow({ where: { id: session.sessionId } })).toMatchObject({ revokedAt: null });
      expect(await db().outboxEmail.count({ where: { to: user.email, template: "password-changed" } })).toBe(0);
      expect(await outcome(resetPassword(token, NEW_PASSWORD, context(at(5), freshIp())))).toBe("OK");
    });
  });
});

describe("enumeration", () => {

  /** A statement as its kind of work: the tables it touches, in order (decoys touch the same ones). */
  const tablesOf = (sql: string) => [...sql.matchAll(/"(\w+)"\s*(?:\.|\s|$|,|\))/g)].map((m) => m[1]).filter((name) => /^[A-Z]/.test(name!)).filter((name, i, all) => all.indexOf(name) === i).join(",");

  let recording: ReturnType<typeof recordingClient>;
  let active: TestUser;
  let disabled: TestUser;
  let invitedEmail: string;

  beforeAll(async () => {
    recording = recordingClient();
    active = await makeUser();
    disabled = await makeUser();
    await disableUser(disabled);
    invitedEmail = (await createUser({ email: `${unique("invited")}@example.test` })).email;
  });

  afterAll(() => recording.client.$disconnect());

  async function request(email: string) {
    recording.statements.length = 0;
    const answer = await requestPasswordReset(email, context(T0, freshIp()), recording.client);
    return { answer, statements: recording.statements.map(tablesOf) };
  }

  // Threat: learning which addresses have accounts from the answer, or from the number and kind of database round trips.
  it("answers and works alike for unknown, disabled, invited and active addresses", async () => {
    const hit = await request(active.email);
    const misses = {
      unknown: await request(`${unique("nobody")}@example.test`),
      disabled: await request(disabled.email),
      invited: await request(invitedEmail),
    };
    expect(hit.answer).toBeUndefined();
    expect(hit.statements.length).toBeGreaterThanOrEqual(5);
    for (const miss of Object.values(misses)) {
      expect(miss.answer).toBe(hit.answer);
      expect(miss.statements).toEqual(hit.statements);
    }
    // Only the active account is sent a link.
    expect(await resetEmails(active.email)).toHaveLength(1);
    for (const email of [disabled.email, invitedEmail]) expect(await db().outboxEmail.count({ where: { to: email } })).toBe(0);
    expect(await db().passwordResetToken.count({ where: { user: { email: { in: [disabled.email, invitedEmail] } } } })).toBe(0);
  });

  // Threat: telling accounts apart by when the throttle starts refusing.
  it("throttles an unknown address exactly like an active one", async () => {
    const user = await makeUser();
    const nobody = `${unique("nobody")}@example.test`;
    const run = async (email: string) => {
      const outcomes: string[] = [];
      for (let i = 0; i <= RULES.resetRequestAccount.free; i++) outcomes.push(await outcome(requestPasswordReset(email, context(at(i), freshIp()))));
      return outcomes;
    };
    const known = await run(user.email);
    expect(known).toEqual([...Array<string>(RULES.resetRequestAccount.free).fill("OK"), "TOO_MANY_REQUESTS"]);
    expect(await run(nobody)).toEqual(known);
  });
});

describe("resetPassword", () => {
  it("sets the new password once; the old one and the link stop working", async () => {
    const user = await makeUser();
    const token = await linkFor(user);
    expect(await outcome(resetPassword(token, NEW_PASSWORD, context(at(60))))).toBe("OK");
    expect(await outcome(loginWithPassword({ email: user.email, password: NEW_PASSWORD }, context(at(61), freshIp())))).toBe("OK");
    expect(await outcome(loginWithPassword({ email: user.email, password: user.password }, context(at(62), freshIp())))).toBe("INVALID_CREDENTIALS");
    // Threat: a used link (browser history, a forwarded e-mail) setting the password again.
    expect(await outcome(resetPassword(token, "another quite long passphrase", context(at(63))))).toBe("GONE");
    const hash = await db().passwordCredential.findUniqueOrThrow({ where: { userId: user.id } });
    expect(hash.hash).toMatch(/^\$argon2id\$/);
    expect(await db().auditEvent.count({ where: { actorUserId: user.id, action: "auth.password.reset" } })).toBe(1);
    const notices = await db().outboxEmail.findMany({ where: { to: user.email, template: "password-changed" } });
    expect(notices).toHaveLength(1);
    expect(JSON.parse(notices[0]!.payload)).toEqual({ changedAt: at(60).toISOString() });
  });

  // Threat: an old link used long after it was sent (a mailbox read later by someone else).
  it("expires the link 30 minutes after it was asked for", async () => {
    const early = await makeUser();
    const late = await makeUser();
    const earlyToken = await linkFor(early);
    const lateToken = await linkFor(late);
    expect(await outcome(resetPassword(lateToken, NEW_PASSWORD, context(at(PASSWORD_RESET_TTL))))).toBe("GONE");
    expect(await outcome(resetPassword(earlyToken, NEW_PASSWORD, context(at(PASSWORD_RESET_TTL - 1))))).toBe("OK");
  });

  // Threat: one link used twice by racing two submissions (two new passwords, two notices).
  it("lets exactly one of two parallel resets with one link win", async () => {
    const user = await makeUser();
    const token = await linkFor(user);
    const results = await Promise.all([
      outcome(resetPassword(token, "first racing passphrase here", context(at(10), freshIp()))),
      outcome(resetPassword(token, "second racing passphrase here", context(at(10), freshIp()))),
    ]);
    expect(results.sort()).toEqual(["GONE", "OK"]);
    expect(await db().outboxEmail.count({ where: { to: user.email, template: "password-changed" } })).toBe(1);
    expect(await db().auditEvent.count({ where: { actorUserId: user.id, action: "auth.password.reset" } })).toBe(1);
  });

  // Threat: someone who knew the old password staying signed in after the owner reset it.
  it("ends every session of the user, at every stage", async () => {
    const user = await makeUser();
    const mfaUser = await makeUser({ mfa: true });
    const sessions = [
      await loginWithPassword({ email: user.email, password: user.password }, context(T0, freshIp())),
      await loginWithPassword({ email: user.email, password: user.password }, context(T0, freshIp())),
    ];
    const challenge = await loginWithPassword({ email: mfaUser.email, password: mfaUser.password }, context(T0, freshIp()));
    await resetPassword(await linkFor(user), NEW_PASSWORD, context(at(30)));
    await resetPassword(await linkFor(mfaUser), NEW_PASSWORD, context(at(30)));
    for (const { sessionId } of [...sessions, challenge]) {
      expect(await db().session.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ revokedAt: at(30), revokedReason: "PASSWORD_CHANGED" });
    }
  });

  // Threat: a reset (proof of the mailbox only) used to skip the second factor.
  it("never bypasses MFA: the next sign-in still asks for the TOTP code", async () => {
    const user = await makeUser({ mfa: true });
    await resetPassword(await linkFor(user), NEW_PASSWORD, context(at(5)));
    const step = await loginWithPassword({ email: user.email, password: NEW_PASSWORD }, context(at(6), freshIp()));
    expect(step.stage).toBe("mfa");
    expect(step.mfaMethods).toEqual(["TOTP_AUTHENTICATOR"]);
    expect(await db().totpFactor.findUniqueOrThrow({ where: { userId: user.id } })).toMatchObject({ enabledAt: expect.any(Date) });
  });

  it("refuses a weak password with the reason on the field and leaves the link usable", async () => {
    const user = await makeUser();
    const token = await linkFor(user);
    await expect(resetPassword(token, "Password1234567!", context(at(1)))).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: { fieldErrors: { password: expect.any(String) } } });
    await expect(resetPassword(token, `${user.email.split("@")[0]} long enough`, context(at(2)))).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await outcome(resetPassword(token, NEW_PASSWORD, context(at(3))))).toBe("OK");
  });

  // Threat: a link reopening an account that was closed after it was sent.
  it("refuses a link of an account disabled since it was sent", async () => {
    const user = await makeUser();
    const token = await linkFor(user);
    await disableUser(user);
    expect(await outcome(resetPassword(token, NEW_PASSWORD, context(at(1))))).toBe("GONE");
  });

  // Threat: guessing link tokens at speed.
  it("throttles token guesses per client address; a real link from elsewhere still works", async () => {
    const guesser = freshIp();
    for (let i = 0; i < RULES.resetTokenAddress.free; i++) expect(await outcome(resetPassword(`guess-${"x".repeat(40)}${i}`, NEW_PASSWORD, context(T0, guesser)))).toBe("NOT_FOUND");
    expect(await outcome(findOpenPasswordReset(`guess-${"y".repeat(40)}`, context(T0, guesser)))).toBe("TOO_MANY_REQUESTS");
    const user = await makeUser();
    expect(await outcome(resetPassword(await linkFor(user), NEW_PASSWORD, context(at(1), freshIp())))).toBe("OK");
  });

  it("answers NOT_FOUND for a malformed token without a look-up", async () => {
    expect(await outcome(resetPassword("short", NEW_PASSWORD, context(T0, freshIp())))).toBe("NOT_FOUND");
    expect(await outcome(resetPassword("../../etc/passwd%00aaaaaaaaaaaaaaaaaaaa", NEW_PASSWORD, context(T0, freshIp())))).toBe("NOT_FOUND");
  });
});
