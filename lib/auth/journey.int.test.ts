// The sign-in journey's time-dependent rules, driven through lib/auth/journey with an explicit
// `now` (TOTP windows, challenge expiry, throttling windows, refresh grace). The REST API calls
// these same functions; app/uauth/*.int.test.ts covers the handlers.
import { beforeAll, describe, expect, it } from "vitest";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { auditActions, codeFor, context, disableUser, inspectToken, makeUser, makeWorkspace, PASSWORD, type TestUser } from "@/lib/testing/fixtures";
import { loginWithPassword, refreshSession, selectWorkspace, verifyMfa } from "./journey";
import { resolveAccessToken } from "./principal";
import { RULES } from "./throttle";

// 10 s into a 30 s TOTP step, so "the step before" and "the step after" are unambiguous.
const T0 = new Date("2030-03-01T09:00:10Z");
const at = (seconds: number) => addSeconds(T0, seconds);

/** Password step at `now`; returns the MFA-pending result. */
async function challenge(user: TestUser, now: Date) {
  const step = await loginWithPassword({ email: user.email, password: user.password }, context(now));
  expect(step.stage).toBe("mfa");
  return step;
}

describe("TOTP verification", () => {
  it("accepts the code of the previous step (typed as it rolled over) but never a future one (threat: codes harvested ahead of time)", async () => {
    const user = await makeUser({ mfa: true });
    const { sessionId } = await challenge(user, T0);
    await expect(verifyMfa(sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, at(30)), context(T0))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    await expect(verifyMfa(sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, at(-60)), context(T0))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    const passed = await verifyMfa(sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, at(-30)), context(T0));
    expect(passed.stage).toBe("user");
  });

  it("accepts a code once, even in another sign-in (threat: replay of an observed code)", async () => {
    const user = await makeUser({ mfa: true });
    const code = await codeFor(user, T0);
    const first = await challenge(user, T0);
    await verifyMfa(first.sessionId, "TOTP_AUTHENTICATOR", code, context(T0));
    const second = await challenge(user, at(5));
    await expect(verifyMfa(second.sessionId, "TOTP_AUTHENTICATOR", code, context(at(5)))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    // Nor the step before the one just used.
    await expect(verifyMfa(second.sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, at(-30)), context(at(5)))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    // The next step's code, once it is current, works.
    expect((await verifyMfa(second.sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, at(30)), context(at(30)))).stage).toBe("user");
  });

  it("lets exactly one of two parallel verifications with one code through (threat: racing a replay)", async () => {
    const user = await makeUser({ mfa: true });
    const { sessionId } = await challenge(user, T0);
    const code = await codeFor(user, T0);
    const results = await Promise.allSettled([verifyMfa(sessionId, "TOTP_AUTHENTICATOR", code, context(T0)), verifyMfa(sessionId, "TOTP_AUTHENTICATOR", code, context(T0))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(["INVALID_MFA_CODE", "MFA_CHALLENGE_ENDED"]).toContain((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason.code);
  });

  it("keeps one open challenge per user: a new sign-in ends the previous one (threat: five tries times many challenges)", async () => {
    const user = await makeUser({ mfa: true });
    const first = await challenge(user, T0);
    const second = await challenge(user, T0);
    await expect(verifyMfa(first.sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, T0), context(T0))).rejects.toMatchObject({ code: "MFA_CHALLENGE_ENDED" });
    expect(await db().session.findUniqueOrThrow({ where: { id: first.sessionId } })).toMatchObject({ revokedReason: "MFA_SUPERSEDED" });
    expect((await verifyMfa(second.sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, T0), context(T0))).stage).toBe("user");
  });

  it("allows five tries per challenge: four wrong codes and then the right one signs in", async () => {
    const user = await makeUser({ mfa: true });
    const { sessionId } = await challenge(user, T0);
    for (let i = 0; i < 4; i++) await expect(verifyMfa(sessionId, "TOTP_AUTHENTICATOR", "000000", context(T0))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    expect((await verifyMfa(sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, T0), context(T0))).stage).toBe("user");
  });

  it("ends the challenge at the fifth wrong code, and then refuses even the right one (threat: guessing six digits)", async () => {
    const user = await makeUser({ mfa: true });
    const { sessionId } = await challenge(user, T0);
    for (let i = 0; i < 4; i++) await expect(verifyMfa(sessionId, "TOTP_AUTHENTICATOR", "000000", context(T0))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    await expect(verifyMfa(sessionId, "TOTP_AUTHENTICATOR", "000000", context(T0))).rejects.toMatchObject({ code: "MFA_CHALLENGE_ENDED" });
    await expect(verifyMfa(sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, T0), context(T0))).rejects.toMatchObject({ code: "MFA_CHALLENGE_ENDED" });
    expect(await db().session.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ revokedReason: "MFA_ATTEMPTS", mfaPassedAt: null });
  });

  it("counts parallel guesses too: ten at once spend the five tries, no more (threat: racing past the cap)", async () => {
    const user = await makeUser({ mfa: true });
    const { sessionId } = await challenge(user, T0);
    const guesses = Array.from({ length: 10 }, (_, i) => String(100000 + i));
    const results = await Promise.allSettled(guesses.map((guess) => verifyMfa(sessionId, "TOTP_AUTHENTICATOR", guess, context(T0))));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect((await auditActions(user.id)).filter((action) => action === "auth.mfa.failed").length).toBeLessThanOrEqual(5);
    expect((await db().session.findUniqueOrThrow({ where: { id: sessionId } })).mfaAttempts).toBe(5);
    await expect(verifyMfa(sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, T0), context(T0))).rejects.toMatchObject({ code: "MFA_CHALLENGE_ENDED" });
  });

  it("gives the MFA-pending token and challenge a life of minutes (threat: a half-signed-in token found later)", async () => {
    const user = await makeUser({ mfa: true });
    const step = await challenge(user, T0);
    const { claims } = inspectToken(step.token);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(300);
    expect(step.refreshToken).toBeNull();
    await expect(resolveAccessToken(step.token, "127.0.0.1", at(301), "session")).rejects.toMatchObject({ status: 401 });
    await expect(verifyMfa(step.sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, at(301)), context(at(301)))).rejects.toMatchObject({ code: "MFA_CHALLENGE_ENDED" });
  });

  it("accepts a recovery code exactly once (threat: replay of a written-down code)", async () => {
    const user = await makeUser({ mfa: true });
    const [code, other] = user.recoveryCodes;
    const first = await challenge(user, T0);
    const passed = await verifyMfa(first.sessionId, "RECOVERY_CODE", code!, context(T0));
    expect(passed.stage).toBe("user");
    const second = await challenge(user, at(60));
    await expect(verifyMfa(second.sessionId, "RECOVERY_CODE", code!, context(at(60)))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    // Case and the dash are forgiven; another unused code works.
    expect((await verifyMfa(second.sessionId, "RECOVERY_CODE", other!.toUpperCase().replace("-", ""), context(at(60)))).stage).toBe("user");
    expect(await db().recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(8);
  });

  it("throttles MFA failures per user across challenges (threat: a new challenge for every five guesses)", async () => {
    const user = await makeUser({ mfa: true });
    const first = await challenge(user, T0);
    for (let i = 0; i < RULES.mfaUser.free; i++) await verifyMfa(first.sessionId, "TOTP_AUTHENTICATOR", "000000", context(T0)).catch(() => {});
    const second = await challenge(user, at(5));
    await expect(verifyMfa(second.sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, at(5)), context(at(5)))).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      details: { retryAfter: RULES.mfaUser.baseDelay - 5 },
    });
    // The throttled attempt did not spend one of the new challenge's tries, and after the wait the owner gets in.
    expect((await db().session.findUniqueOrThrow({ where: { id: second.sessionId } })).mfaAttempts).toBe(0);
    expect((await verifyMfa(second.sessionId, "TOTP_AUTHENTICATOR", await codeFor(user, at(31)), context(at(31)))).stage).toBe("user");
    expect(await auditActions(user.id)).toContain("auth.mfa.throttled");
  });
});

describe("password step", () => {
  let owner: TestUser;
  beforeAll(async () => {
    owner = await makeUser();
  });

  it("blocks an account after its free failures even for the right password, and lets the owner in once the block passes (threat: online guessing)", async () => {
    const user = await makeUser();
    for (let i = 0; i < RULES.loginAccount.free; i++) {
      await expect(loginWithPassword({ email: user.email, password: "wrong password" }, context(T0))).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    }
    await expect(loginWithPassword({ email: user.email, password: PASSWORD }, context(at(1)))).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", details: { retryAfter: 14 } });
    expect(await db().throttleCounter.findUnique({ where: { key: `login:account:${user.email}` } })).toMatchObject({ failures: 5, blockedUntil: at(15) });
    const signedIn = await loginWithPassword({ email: user.email, password: PASSWORD }, context(at(16)));
    expect(signedIn.stage).toBe("user");
    // Success forgets the account's failures.
    expect(await db().throttleCounter.count({ where: { key: `login:account:${user.email}` } })).toBe(0);
    expect(await auditActions(user.id)).toEqual([...Array(5).fill("auth.login.failed"), "auth.login.succeeded"]);
    expect(await db().auditEvent.count({ where: { action: "auth.login.throttled" } })).toBeGreaterThanOrEqual(1);
  });

  it("throttles an unknown e-mail address exactly like a known one (threat: learning which addresses have accounts)", async () => {
    const email = "nobody-here@example.test";
    for (let i = 0; i < RULES.loginAccount.free; i++) {
      await expect(loginWithPassword({ email, password: "guess" }, context(T0))).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    }
    await expect(loginWithPassword({ email, password: "guess" }, context(at(1)))).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", details: { retryAfter: 14 } });
  });

  it("gives a wrong password, an unknown e-mail and a disabled account the same error (threat: account enumeration)", async () => {
    const disabled = await makeUser();
    await disableUser(disabled);
    const attempts = [
      loginWithPassword({ email: owner.email, password: "not the password" }, context(T0)),
      loginWithPassword({ email: "unknown-person@example.test", password: PASSWORD }, context(T0)),
      loginWithPassword({ email: disabled.email, password: PASSWORD }, context(T0)),
    ];
    const errors = await Promise.all(attempts.map((attempt) => attempt.then(() => null, (error: unknown) => error)));
    expect(errors.map((error) => [(error as { code: string }).code, (error as Error).message])).toEqual(Array(3).fill(["INVALID_CREDENTIALS", "The e-mail address or password is not correct."]));
  });
});

describe("refresh", () => {
  it("returns the same pair for a spent token within the grace window, and ends the whole session when it comes back later (threat: a stolen refresh token)", async () => {
    const user = await makeUser();
    const login = await loginWithPassword({ email: user.email, password: user.password }, context(T0));
    const first = await refreshSession(login.refreshToken!, context(at(1)));
    expect(first.refreshToken).not.toBe(login.refreshToken);
    expect(await refreshSession(login.refreshToken!, context(at(5)))).toEqual(first);
    expect(await refreshSession(login.refreshToken!, context(at(11)))).toEqual(first);

    await expect(refreshSession(login.refreshToken!, context(at(12)))).rejects.toMatchObject({ code: "SESSION_ENDED" });
    expect(await db().session.findUniqueOrThrow({ where: { id: login.sessionId } })).toMatchObject({ revokedReason: "REFRESH_REUSE" });
    // The thief's latest pair dies with the session, both halves.
    await expect(resolveAccessToken(first.token, "127.0.0.1", at(12), "session")).rejects.toMatchObject({ code: "SESSION_ENDED" });
    await expect(refreshSession(first.refreshToken, context(at(12)))).rejects.toMatchObject({ code: "SESSION_ENDED" });
    expect(await db().auditEvent.count({ where: { action: "auth.token.reuse_detected", targetId: login.sessionId } })).toBe(1);
  });

  it("rotates on every use: each new token works once", async () => {
    const user = await makeUser();
    const login = await loginWithPassword({ email: user.email, password: user.password }, context(T0));
    let refreshToken = login.refreshToken!;
    for (let i = 1; i <= 3; i++) {
      const pair = await refreshSession(refreshToken, context(at(i * 60)));
      expect((await resolveAccessToken(pair.token, "127.0.0.1", at(i * 60), "session")).user.id).toBe(user.id);
      refreshToken = pair.refreshToken;
    }
    expect(await db().refreshToken.count({ where: { sessionId: login.sessionId, usedAt: null } })).toBe(1);
  });


  it("leaves a workspace that now refuses the session only when asked (the browser), refusing otherwise (the API)", async () => {
    const user = await makeUser();
    const office = await makeWorkspace({ ipRestricted: true, ipRanges: ["10.0.0.0/8"], members: [[user, "member"]] });
    const inside = { ...context(T0), ip: "10.1.2.3" };
    const login = await loginWithPassword({ email: user.email, password: user.password }, inside);
    const entered = await selectWorkspace(login.sessionId, office.guid, inside);
    const outside = { ...context(at(60)), ip: "198.51.100.20" };
    // At the session level (the workspace list) the selection is known without entering it.
    expect((await resolveAccessToken(entered.token, "198.51.100.20", at(60), "session")).selectedWorkspaceGuid).toBe(office.guid);
    await expect(refreshSession(login.refreshToken!, outside)).rejects.toMatchObject({ code: "POLICY_REQUIREMENTS" });
    const pair = await refreshSession(login.refreshToken!, outside, { leaveRefusedWorkspace: true });
    expect(pair.stage).toBe("user");
    // The old workspace token is dead; the new user token lists workspaces but enters none.
    await expect(resolveAccessToken(entered.token, "10.1.2.3", at(61), "workspace")).rejects.toMatchObject({ code: "SESSION_ENDED" });
    expect(await resolveAccessToken(pair.token, "198.51.100.20", at(61), "session")).toMatchObject({ stage: "user", selectedWorkspaceGuid: null });
  });

  it("never outlives the session (threat: refreshing forever)", async () => {
    const user = await makeUser();
    const login = await loginWithPassword({ email: user.email, password: user.password }, context(T0));
    await expect(refreshSession(login.refreshToken!, context(at(12 * 3600 + 1)))).rejects.toMatchObject({ status: 401 });
  });

  it("checks the workspace's IP allow-list and the membership again (threat: a refresh from outside the office)", async () => {
    const user = await makeUser();
    const workspace = await makeWorkspace({ ipRestricted: true, ipRanges: ["10.0.0.0/8"], members: [[user, "member"]] });
    const login = await loginWithPassword({ email: user.email, password: user.password }, context(T0, "10.1.2.3"));
    await selectWorkspace(login.sessionId, workspace.guid, context(at(1), "10.1.2.3"));
    await expect(refreshSession(login.refreshToken!, context(at(2), "198.51.100.9"))).rejects.toMatchObject({
      code: "POLICY_REQUIREMENTS",
      details: { requirements: [{ type: "ip", reason: "not_in_allowlist" }] },
    });
    const inside = await refreshSession(login.refreshToken!, context(at(3), "10.1.2.3"));
    await db().membership.delete({ where: { workspaceId_userId: { workspaceId: workspace.id, userId: user.id } } });
    await expect(refreshSession(inside.refreshToken, context(at(4), "10.1.2.3"))).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
    const refusals = await db().auditEvent.findMany({ where: { actorUserId: user.id, action: "auth.workspace.refused" }, orderBy: { id: "asc" } });
    expect(refusals.map((event) => JSON.parse(event.metadata))).toEqual([
      { step: "refresh", requirements: [{ type: "ip", reason: "not_in_allowlist" }] },
      { step: "refresh", reason: "not_a_member" },
    ]);
  });
});
