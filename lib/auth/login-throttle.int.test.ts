// Password-step throttling turned against its users: locking an owner out, bursts of right
// passwords refused as guessing, one bucket for every client without an address, a blocked
// address still counting against accounts, a database outage answered as a block. Each test
// drives lib/auth/journey (or the REST route) with an injected clock.
import { afterEach, describe, expect, it } from "vitest";
import { POST as loginRoute } from "@/app/uauth/auth/login/user/route";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { databaseEnv } from "@/lib/env";
import { api, auditActions, codeFor, context, freshIp, LOGIN_PATH, loginViaApi, makeUser, PASSWORD, type TestUser } from "@/lib/testing/fixtures";
import { deviceCookieName } from "./device-cookie";
import { loginWithPassword, verifyMfa } from "./journey";
import { reserveAttempt, RULES, throttleKeys } from "./throttle";

const T0 = new Date("2030-05-01T12:00:00Z");
const at = (seconds: number) => addSeconds(T0, seconds);

/** A login's outcome as its error code ("OK" when it signed in). */
function outcome(attempt: Promise<unknown>): Promise<string> {
  return attempt.then(
    () => "OK",
    (error: { code?: string }) => error.code ?? String(error),
  );
}

function login(user: Pick<TestUser, "email">, options: { now: Date; ip?: string | null; password?: string; deviceToken?: string | null }) {
  const ctx = { ...context(options.now), ip: options.ip === undefined ? freshIp() : options.ip };
  return loginWithPassword({ email: user.email, password: options.password ?? PASSWORD, deviceToken: options.deviceToken ?? null }, ctx);
}

const counter = (key: string) => db().throttleCounter.findUnique({ where: { key } });

describe("locking the owner out", () => {
  // Threat: one wrong guess per Retry-After keeps a known account blocked for as long as the attacker likes.
  it("lets the owner's device through an account that guessers from elsewhere keep blocked", async () => {
    const owner = await makeUser();
    const { deviceToken } = await login(owner, { now: T0 });
    const attacker = freshIp();
    let now = at(60);
    for (let i = 0; i < RULES.loginAccount.free; i++) expect(await outcome(login(owner, { now, ip: attacker, password: "guess" }))).toBe("INVALID_CREDENTIALS");
    // Two hours of one guess the moment each block ends; the owner signs in between, every time.
    let ownerSignIns = 0;
    while (now.getTime() < at(2 * 3600).getTime()) {
      const blocked = await counter(throttleKeys.loginAccount(owner.email).key);
      now = blocked?.blockedUntil && blocked.blockedUntil > now ? blocked.blockedUntil : now;
      expect(await outcome(login(owner, { now, ip: attacker, password: "guess" }))).toBe("INVALID_CREDENTIALS");
      expect(await outcome(login(owner, { now: addSeconds(now, 1), ip: freshIp() }))).toBe("TOO_MANY_REQUESTS");
      expect(await outcome(login(owner, { now: addSeconds(now, 1), ip: freshIp(), deviceToken }))).toBe("OK");
      ownerSignIns++;
    }
    expect(ownerSignIns).toBeGreaterThan(5);
    // The owner's sign-ins did not wipe out the guesser's count.
    expect((await counter(throttleKeys.loginAccount(owner.email).key))?.blockedUntil?.getTime()).toBeGreaterThan(now.getTime());
  });

  // Threat: a device cookie of one's own account, or a forged one, used to get past another account's block.
  it("accepts a device cookie only for the account it was issued for, and only as issued", async () => {
    const [victim, attacker] = [await makeUser(), await makeUser()];
    const { deviceToken: attackersOwn } = await login(attacker, { now: T0 });
    for (let i = 0; i < RULES.loginAccount.free; i++) await outcome(login(victim, { now: T0, password: "guess" }));
    const [issuedAt, nonce] = attackersOwn.split(".");
    const forged = `${issuedAt}.${nonce}.${"0".repeat(64)}`;
    for (const deviceToken of [attackersOwn, forged, "garbage", `${attackersOwn}.extra`]) {
      expect(await outcome(login(victim, { now: at(1), deviceToken }))).toBe("TOO_MANY_REQUESTS");
    }
  });

  // Threat: a stolen device cookie used to guess the account's password without limit.
  it("throttles guesses made with a device cookie on that cookie's own count", async () => {
    const owner = await makeUser();
    const { deviceToken } = await login(owner, { now: T0 });
    for (let i = 0; i < RULES.loginDevice.free; i++) expect(await outcome(login(owner, { now: at(1), password: "guess", deviceToken }))).toBe("INVALID_CREDENTIALS");
    expect(await outcome(login(owner, { now: at(2), deviceToken }))).toBe("TOO_MANY_REQUESTS");
    // A device cookie too old to trust is an unknown client again.
    expect(await outcome(login(owner, { now: at(181 * 24 * 3600), password: "guess", deviceToken }))).toBe("INVALID_CREDENTIALS");
    expect(await counter(throttleKeys.loginAccount(owner.email).key)).toMatchObject({ failures: 1 });
  });

  // Threat: the same lock-out through the REST API, whose clients keep cookies too.
  it("sets an HttpOnly device cookie on the API's sign-in and honours it when sent back", async () => {
    const owner = await makeUser();
    const signedIn = await loginViaApi(owner, { ip: freshIp() });
    const setCookie = signedIn.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^${deviceCookieName()}=[^;]+; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Strict`));
    const cookie = setCookie.split(";")[0]!;
    for (let i = 0; i < RULES.loginAccount.free; i++) await loginViaApi(owner, { ip: freshIp(), password: "guess" });
    expect((await loginViaApi(owner, { ip: freshIp() })).status).toBe(429);
    const withCookie = await api.post(loginRoute, LOGIN_PATH, { ip: freshIp(), headers: { cookie: `other=1; ${cookie}` }, json: { username: owner.email, password: owner.password } });
    expect(withCookie.status).toBe(200);
    expect(withCookie.json.token).toEqual(expect.any(String));
  });
});

describe("bursts of right passwords", () => {
  // Threat: an office or school behind one address refused as if it were guessing (40 at once: 3–4 × 429).
  it("signs in 40 people at once from one address, and the address keeps no count", async () => {
    const ip = freshIp();
    const people = await Promise.all(Array.from({ length: 40 }, () => makeUser()));
    const results = await Promise.all(people.map((person) => outcome(login(person, { now: T0, ip }))));
    expect(results).toEqual(Array(40).fill("OK"));
    expect(await counter(throttleKeys.loginAddress(ip).key)).toMatchObject({ failures: 0, blockedUntil: null });
  }, 60_000);

  // Threat: parallel sign-ins of one account (tabs, scripts) refused as guessing.
  it("signs in 200 parallel attempts of one account from one address, never answering 429", async () => {
    const user = await makeUser();
    const ip = freshIp();
    const results = await Promise.all(Array.from({ length: 200 }, () => outcome(login(user, { now: T0, ip }))));
    expect(results).toEqual(Array(200).fill("OK"));
  }, 120_000);

  // Threat: a right password that happened to use an address's last free attempt leaving the address blocked.
  it("counts a right password as a success: it leaves no block behind", async () => {
    const ip = freshIp();
    const address = throttleKeys.loginAddress(ip);
    for (let i = 0; i < RULES.loginAddress.free - 1; i++) await reserveAttempt([address], T0);
    const [first, second] = [await makeUser(), await makeUser()];
    expect(await outcome(login(first, { now: at(1), ip }))).toBe("OK");
    expect(await outcome(login(second, { now: at(2), ip }))).toBe("OK");
    expect(await counter(address.key)).toMatchObject({ failures: RULES.loginAddress.free - 1, blockedUntil: null });
  });
});

describe("address keys", () => {
  // Threat: a blocked address still spending the free attempts of every account it names.
  it("reserves the address first: a blocked address never advances an account's count", async () => {
    const ip = freshIp();
    for (let i = 0; i < RULES.loginAddress.free; i++) await reserveAttempt([throttleKeys.loginAddress(ip)], T0);
    const victim = await makeUser();
    for (let i = 0; i < 3; i++) expect(await outcome(login(victim, { now: at(1), ip, password: "guess" }))).toBe("TOO_MANY_REQUESTS");
    expect(await counter(throttleKeys.loginAccount(victim.email).key)).toBeNull();
    expect(await outcome(login(victim, { now: at(1) }))).toBe("OK");
  });

  // Threat: an attacker keeping one account blocked while its owner retries from a shared office
  // address, so the refused retries use up the address's free attempts and lock out everyone there.
  it("gives the address back an attempt that a blocked account refused", async () => {
    const office = freshIp();
    const [blocked, colleague] = [await makeUser(), await makeUser()];
    for (let i = 0; i < RULES.loginAccount.free; i++) await outcome(login(blocked, { now: T0, password: "guess" }));
    for (let i = 0; i < RULES.loginAddress.free + 1; i++) expect(await outcome(login(blocked, { now: at(1), ip: office }))).toBe("TOO_MANY_REQUESTS");
    expect(await counter(throttleKeys.loginAddress(office).key)).toMatchObject({ failures: 0, blockedUntil: null });
    expect(await outcome(login(colleague, { now: at(2), ip: office }))).toBe("OK");
  });

  // Threat: one client without a known address blocking every other such client (one shared "unknown" bucket).
  it("keeps no address count for a client whose address is unknown", async () => {
    for (let i = 0; i < RULES.loginAddress.free + 5; i++) await outcome(login({ email: `spray${i}@example.test` }, { now: T0, ip: null, password: "guess" }));
    const bystander = await makeUser();
    expect(await outcome(login(bystander, { now: at(1), ip: null }))).toBe("OK");
    expect(await db().throttleCounter.count({ where: { key: { startsWith: "login:ip:" }, failures: { gt: RULES.loginAddress.free } } })).toBe(0);
    // The per-account limit still holds without an address.
    for (let i = 0; i < RULES.loginAccount.free; i++) await outcome(login(bystander, { now: at(2), ip: null, password: "guess" }));
    expect(await outcome(login(bystander, { now: at(3), ip: null }))).toBe("TOO_MANY_REQUESTS");
  });
});

describe("database outage", () => {
  const sqlite = () => databaseEnv().provider === "sqlite";
  afterEach(async () => {
    if (sqlite()) return void (await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS throttle_outage`));
    await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS throttle_outage ON "ThrottleCounter"`);
    await db().$executeRawUnsafe(`DROP FUNCTION IF EXISTS throttle_outage()`);
  });

  /** From now on every new throttle counter fails to be written, as in a database outage. */
  async function failCounterWrites() {
    if (sqlite()) return void (await db().$executeRawUnsafe(`CREATE TRIGGER throttle_outage BEFORE INSERT ON "ThrottleCounter" BEGIN SELECT RAISE(ABORT, 'simulated outage'); END`));
    await db().$executeRawUnsafe(`CREATE FUNCTION throttle_outage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated outage'; END $$`);
    await db().$executeRawUnsafe(`CREATE TRIGGER throttle_outage BEFORE INSERT ON "ThrottleCounter" FOR EACH ROW EXECUTE FUNCTION throttle_outage()`);
  }

  // Threat: a failing database answered as "too many attempts", which tells the owner to wait for nothing and hides the outage.
  it("answers a failing counter write with a server error, never 429", async () => {
    await failCounterWrites();
    const user = await makeUser();
    const res = await loginViaApi(user, { ip: freshIp() });
    expect([500, 503]).toContain(res.status);
    expect(res.json.error.code).not.toBe("TOO_MANY_REQUESTS");
    expect(res.json.token).toBeUndefined();
  });

  // Threat: the same outage at the MFA step, recorded as a throttled attempt and answered 429.
  it("answers a failing counter write at the MFA step with an error that is no block, and spends no try", async () => {
    const user = await makeUser({ mfa: true });
    const { sessionId } = await login(user, { now: T0 });
    await failCounterWrites();
    const failed = await outcome(verifyMfa(sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, T0), context(T0)));
    expect(failed).not.toBe("TOO_MANY_REQUESTS");
    expect(failed).not.toBe("OK");
    expect(await db().session.findUniqueOrThrow({ where: { id: sessionId }, select: { mfaAttempts: true } })).toEqual({ mfaAttempts: 0 });
    expect(await auditActions(user.id)).not.toContain("auth.mfa.throttled");
  });
});
