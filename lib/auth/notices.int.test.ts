// The account notices are written to the outbox in the transaction of the change that causes
// them, on SQLite and PostgreSQL: "new sign-in" when a sign-in completes from a device the account
// has not used (never for its first sign-in), "two-step verification was turned on / off" when
// the owner changes it. A change whose transaction fails sends nothing (the audit write, the last
// statement, is made to fail in the database).
import { outboxProps } from "@/lib/email/outbox";
import { afterEach, describe, expect, it } from "vitest";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { failAuditWrites, FAILING_AUDIT_AGENT, stopFailingAuditWrites } from "@/lib/testing/failing-audit";
import { codeFor, context, freshIp, makeUser, type TestUser } from "@/lib/testing/fixtures";
import { loginWithPassword, verifyMfa } from "./journey";
import { beginTotpEnrollment, hasTotp } from "./mfa";
import { confirmPassword, confirmTotpSetup, disableTotp } from "./security-settings";
import { totpCode } from "./totp";

// 10 s into a 30 s TOTP step.
const T0 = new Date("2030-06-01T09:00:10Z");
const at = (seconds: number) => addSeconds(T0, seconds);
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0";

afterEach(stopFailingAuditWrites);

/** The notices of `template` queued for `user`, oldest first, with their props. */
async function notices(user: TestUser, template: "new-sign-in" | "mfa-changed") {
  const rows = await db().outboxEmail.findMany({ where: { to: user.email, template }, orderBy: { id: "asc" }, select: { to: true, template: true, payload: true, status: true } });
  return rows.map((row) => ({ status: row.status, props: outboxProps(row) as Record<string, unknown> }));
}

/** A client: where it connects from, what it says it is, and the device cookie it kept (if any). */
function client(ip: string | null, userAgent: string | null = BROWSER, deviceToken: string | null = null) {
  return { ip, userAgent, deviceToken };
}

/** The password step (and for an MFA user, the MFA step) from `from`; returns the device cookie it was given. */
async function signIn(user: TestUser, from: ReturnType<typeof client>, now = T0, { finishMfa = true } = {}): Promise<string> {
  const ctx = { ip: from.ip, userAgent: from.userAgent, now };
  const step = await loginWithPassword({ email: user.email, password: user.password, deviceToken: from.deviceToken }, ctx);
  if (step.stage === "mfa" && finishMfa) await verifyMfa(step.sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, now), ctx);
  return step.deviceToken;
}

describe("the new sign-in notice", () => {
  it("is not sent for the first sign-in, nor for a device seen before (its cookie, or its address and user agent)", async () => {
    const user = await makeUser();
    const home = client(freshIp());
    const cookie = await signIn(user, home);
    await signIn(user, home, at(60));
    // The browser with its device cookie, now on another network.
    await signIn(user, client(freshIp(), BROWSER, cookie), at(120));
    expect(await notices(user, "new-sign-in")).toEqual([]);
  });

  it("is sent, with the address and user agent, for a device the account has not used", async () => {
    const user = await makeUser();
    await signIn(user, client(freshIp()));
    const elsewhere = freshIp();
    await signIn(user, client(elsewhere, "curl/8.5.0"), at(60));
    expect(await notices(user, "new-sign-in")).toEqual([{ status: "PENDING", props: { signedInAt: at(60).toISOString(), ipAddress: elsewhere, userAgent: "curl/8.5.0" } }]);
    // That device is known from now on.
    await signIn(user, client(elsewhere, "curl/8.5.0"), at(120));
    expect(await notices(user, "new-sign-in")).toHaveLength(1);
  });

  it("knows a script that sends no user agent by its address alone, and a browser at that address is still new", async () => {
    const user = await makeUser();
    const office = freshIp();
    await signIn(user, client(office, null));
    await signIn(user, client(office, null), at(60));
    expect(await notices(user, "new-sign-in")).toEqual([]);
    await signIn(user, client(office, BROWSER), at(120));
    expect(await notices(user, "new-sign-in")).toEqual([{ status: "PENDING", props: { signedInAt: at(120).toISOString(), ipAddress: office, userAgent: BROWSER } }]);
  });

  // Threat: another user's device cookie, or one of this user's for another address, passing as known.
  it("treats a cookie of another account, a forged one and an unknown address as a new device", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const otherCookie = await signIn(other, client(freshIp()));
    await signIn(user, client(freshIp()));
    await signIn(user, client(freshIp(), BROWSER, otherCookie), at(60));
    await signIn(user, client(freshIp(), BROWSER, "1900000000.aaaaaaaaaaaaaaaaaaaaaa.forged"), at(120));
    await signIn(user, client(null), at(180));
    await signIn(user, client(null), at(240));
    expect((await notices(user, "new-sign-in")).map((notice) => notice.props.ipAddress)).toEqual([expect.any(String), expect.any(String), null, null]);
  });

  // Threat: someone holding the password probing from their own machine, stopped at MFA, then coming back with a code.
  it("for an MFA account, is sent when the MFA step completes the sign-in, and a sign-in stopped at MFA makes no device known", async () => {
    const user = await makeUser({ mfa: true });
    await signIn(user, client(freshIp()));
    expect(await notices(user, "new-sign-in")).toEqual([]);

    const intruder = client(freshIp(), "python-requests/2.32");
    await signIn(user, intruder, at(30), { finishMfa: false });
    expect(await notices(user, "new-sign-in")).toEqual([]);
    await signIn(user, intruder, at(60));
    expect(await notices(user, "new-sign-in")).toEqual([{ status: "PENDING", props: { signedInAt: at(60).toISOString(), ipAddress: intruder.ip, userAgent: "python-requests/2.32" } }]);
  });

  it("is not written when the sign-in's transaction fails, at the password step or at the MFA step", async () => {
    const user = await makeUser();
    const mfaUser = await makeUser({ mfa: true });
    await signIn(user, client(freshIp()));
    await signIn(mfaUser, client(freshIp()));
    await failAuditWrites();

    await expect(signIn(user, client(freshIp(), FAILING_AUDIT_AGENT), at(60))).rejects.toThrow();
    expect(await db().session.count({ where: { userId: user.id, userAgent: FAILING_AUDIT_AGENT } })).toBe(0);
    // The MFA account's password step (another agent) records the new device; its MFA step fails to commit.
    const from = freshIp();
    const step = await loginWithPassword({ email: mfaUser.email, password: mfaUser.password }, { ip: from, userAgent: BROWSER, now: at(60) });
    await expect(verifyMfa(step.sessionId, "TOTP_AUTHENTICATOR", await codeFor(mfaUser, at(60)), { ip: from, userAgent: FAILING_AUDIT_AGENT, now: at(60) })).rejects.toThrow();
    expect(await db().session.findUniqueOrThrow({ where: { id: step.sessionId }, select: { stage: true } })).toEqual({ stage: "MFA" });

    expect(await notices(user, "new-sign-in")).toEqual([]);
    expect(await notices(mfaUser, "new-sign-in")).toEqual([]);
  });
});

describe("the two-step verification notices", () => {
  /** A signed-in session at the settings page with a set-up begun: the secret its QR code shows. */
  async function settingUp(user: TestUser) {
    const session = await loginWithPassword({ email: user.email, password: user.password }, context(T0));
    await confirmPassword(session.sessionId, user.id, user.password, context(T0));
    const { secret } = await beginTotpEnrollment(user.id, user.email, { sessionId: session.sessionId });
    return { sessionId: session.sessionId, secret };
  }

  it("turned on: queued with the change; nothing when switching it on fails, and MFA stays off", async () => {
    const failing = await makeUser();
    const { sessionId: failingSession, secret: failingSecret } = await settingUp(failing);
    await failAuditWrites();
    await expect(confirmTotpSetup(failingSession, failing.id, await totpCode(failingSecret, T0), { ...context(T0), userAgent: FAILING_AUDIT_AGENT })).rejects.toThrow();
    expect(await hasTotp(failing.id)).toBe(false);
    expect(await notices(failing, "mfa-changed")).toEqual([]);

    const user = await makeUser();
    const { sessionId, secret } = await settingUp(user);
    await confirmTotpSetup(sessionId, user.id, await totpCode(secret, T0), context(T0));
    expect(await notices(user, "mfa-changed")).toEqual([{ status: "PENDING", props: { change: "enabled", changedAt: T0.toISOString() } }]);
  });

  it("turned off: queued with the change; nothing when turning it off fails, and MFA stays on", async () => {
    const user = await makeUser({ mfa: true });
    const session = await loginWithPassword({ email: user.email, password: user.password }, context(T0));
    const signedIn = await verifyMfa(session.sessionId, "RECOVERY_CODE", user.recoveryCodes[0]!, context(T0));
    await confirmPassword(signedIn.sessionId, user.id, user.password, context(T0));
    // makeUser's own set-up sent the first notice.
    expect((await notices(user, "mfa-changed")).map((notice) => notice.props.change)).toEqual(["enabled"]);

    await failAuditWrites();
    await expect(disableTotp(signedIn.sessionId, user.id, await codeFor(user, T0), { ...context(T0), userAgent: FAILING_AUDIT_AGENT })).rejects.toThrow();
    expect(await hasTotp(user.id)).toBe(true);
    expect((await notices(user, "mfa-changed")).map((notice) => notice.props.change)).toEqual(["enabled"]);

    await disableTotp(signedIn.sessionId, user.id, await codeFor(user, at(30)), context(at(30)));
    expect(await hasTotp(user.id)).toBe(false);
    expect((await notices(user, "mfa-changed")).at(-1)).toEqual({ status: "PENDING", props: { change: "disabled", changedAt: at(30).toISOString() } });
  });
});
