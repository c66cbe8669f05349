// A signed-in user's own MFA settings: a set-up belongs to the session that began it, turning
// MFA on ends every other session and counts as this session's MFA, the step-up for sessions
// that never proved it, the password confirmation that changing the factor needs, new recovery
// codes and turning MFA off, with an explicit `now` so TOTP steps and the 10 minutes are
// unambiguous.
import { afterEach, describe, expect, it, vi } from "vitest";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { decrypt } from "@/lib/crypto";
import { auditActions, codeFor, context, makeUser, makeWorkspace, type TestUser } from "@/lib/testing/fixtures";
import { totpCode } from "./totp";
import { beginTotpEnrollment, confirmTotpEnrollment, consumeRecoveryCode, hasTotp } from "./mfa";
import { loginWithPassword, selectWorkspace, verifyMfa } from "./journey";
import { createSession, markSessionMfaPassed, revokeSession, revokeUserSessions } from "./sessions";
import {
  confirmPassword,
  confirmSessionMfa,
  confirmTotpSetup,
  disableTotp,
  PASSWORD_CONFIRMATION_TTL,
  regenerateRecoveryCodes,
  REPLAYED_CODE,
  securitySettings,
  startTotpSetup,
} from "./security-settings";

// Passes through to the real function unless a test injects a failure, to show which writes
// share one transaction.
vi.mock("./sessions", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./sessions")>();
  return { ...actual, revokeUserSessions: vi.fn(actual.revokeUserSessions) };
});
afterEach(() => vi.mocked(revokeUserSessions).mockReset());

// 10 s into a 30 s TOTP step.
const T0 = new Date("2030-04-01T09:00:10Z");
const at = (seconds: number) => addSeconds(T0, seconds);

async function signedIn(user: TestUser, now = T0) {
  const step = await loginWithPassword({ email: user.email, password: user.password }, context(now));
  if (step.stage === "user") return step;
  return verifyMfa(step.sessionId, "RECOVERY_CODE", user.recoveryCodes.pop()!, context(now));
}

/** A signed-in session that has confirmed the password on the settings page, as its owner does. */
async function atSettings(user: TestUser, now = T0) {
  const session = await signedIn(user, now);
  await confirmPassword(session.sessionId, user.id, user.password, context(now));
  return session;
}

/** The TOTP state the settings page shows `sessionId`. */
async function totpSetupState(user: TestUser, sessionId: string, now = T0) {
  return (await securitySettings(user.id, user.email, sessionId, now)).totp;
}

/** Confirms set-up the way the settings page does: in `sessionId`, from the test client. */
function confirmIn(sessionId: string, user: TestUser, code: string, now = T0) {
  return confirmTotpEnrollment(user.id, code, { ...context(now), sessionId });
}

async function revokedReasons(...sessionIds: string[]) {
  const rows = await db().session.findMany({ where: { id: { in: sessionIds } }, select: { id: true, revokedReason: true } });
  return Object.fromEntries(rows.map((row) => [row.id, row.revokedReason]));
}

async function lastAudit(userId: number, action: string) {
  const event = await db().auditEvent.findFirstOrThrow({ where: { actorUserId: userId, action }, orderBy: { id: "desc" } });
  return { ...event, metadata: JSON.parse(event.metadata) as Record<string, unknown> };
}

describe("TOTP set-up from the settings page", () => {
  it("shows the secret to the session that began set-up, and the confirmation counts as this session's MFA", async () => {
    const user = await makeUser();
    const globex = await makeWorkspace({ mfaRequired: true, members: [[user, "member"]] });
    const session = await atSettings(user);
    expect(await totpSetupState(user, session.sessionId)).toEqual({ state: "off" });

    const { secret } = await beginTotpEnrollment(user.id, user.email, { sessionId: session.sessionId });
    const pending = await totpSetupState(user, session.sessionId);
    expect(pending).toMatchObject({ state: "pending", secret });
    expect(pending.state === "pending" && pending.uri).toContain(`secret=${secret}`);

    const codes = await confirmIn(session.sessionId, user, await totpCode(secret, T0));
    expect(codes).toHaveLength(10);
    expect(await totpSetupState(user, session.sessionId)).toEqual({ state: "on", enabledAt: T0, recoveryCodesLeft: 10 });
    // Straight into the workspace that requires MFA, without signing in again.
    expect((await selectWorkspace(session.sessionId, globex.guid, context(at(1)))).stage).toBe("workspace");
  });

  it("never shows a pending secret to another session, nor lets it confirm (threat: another sign-in with the password reads or plants the second factor)", async () => {
    const user = await makeUser();
    const owner = await atSettings(user);
    const intruder = await atSettings(user);

    const { secret: ownersSecret } = await beginTotpEnrollment(user.id, user.email, { sessionId: owner.sessionId });
    expect(await totpSetupState(user, intruder.sessionId)).toEqual({ state: "pending_elsewhere" });
    await expect(confirmIn(intruder.sessionId, user, await totpCode(ownersSecret, T0))).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/another session/) });

    // The intruder starts a set-up of his own: the owner sees no secret and cannot confirm it.
    const { secret: plantedSecret } = await beginTotpEnrollment(user.id, user.email, { sessionId: intruder.sessionId });
    expect(await totpSetupState(user, owner.sessionId)).toEqual({ state: "pending_elsewhere" });
    await expect(confirmIn(owner.sessionId, user, await totpCode(plantedSecret, T0))).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await hasTotp(user.id)).toBe(false);

    // Starting again here replaces the pending secret; neither older one confirms anything now.
    const { secret } = await beginTotpEnrollment(user.id, user.email, { sessionId: owner.sessionId });
    expect([ownersSecret, plantedSecret]).not.toContain(secret);
    expect(await totpSetupState(user, owner.sessionId)).toMatchObject({ state: "pending", secret });
    expect(await totpSetupState(user, intruder.sessionId)).toEqual({ state: "pending_elsewhere" });
    await expect(confirmIn(intruder.sessionId, user, await totpCode(plantedSecret, T0))).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(confirmIn(owner.sessionId, user, await totpCode(ownersSecret, T0))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    await confirmIn(owner.sessionId, user, await totpCode(secret, T0));
    expect(await hasTotp(user.id)).toBe(true);
  });

  it("ends every other session of the user when MFA goes on, and audits it (threat: a password-only session outliving MFA)", async () => {
    const user = await makeUser();
    const bystander = await makeUser();
    const owner = await signedIn(user);
    const intruder = await signedIn(user);
    const challenge = await signedIn(user);
    const unrelated = await signedIn(bystander);

    const { secret } = await beginTotpEnrollment(user.id, user.email, { sessionId: owner.sessionId });
    await confirmIn(owner.sessionId, user, await totpCode(secret, T0));
    expect(await revokedReasons(owner.sessionId, intruder.sessionId, challenge.sessionId, unrelated.sessionId)).toEqual({
      [owner.sessionId]: null,
      [intruder.sessionId]: "MFA_ENABLED",
      [challenge.sessionId]: "MFA_ENABLED",
      [unrelated.sessionId]: null,
    });
    await expect(selectWorkspace(intruder.sessionId, (await makeWorkspace({ members: [[user, "member"]] })).guid, context(at(1)))).rejects.toMatchObject({ code: "SESSION_ENDED" });
    const audit = await lastAudit(user.id, "auth.mfa.enabled");
    expect(audit).toMatchObject({ ip: "127.0.0.1", metadata: { sessionId: owner.sessionId, otherSessionsEnded: 2 } });
  });

  it("switches nothing on when this session cannot be marked: MFA stays off and no session ends (threat: MFA on but the recovery codes never shown)", async () => {
    const user = await makeUser();
    const session = await signedIn(user);
    const other = await signedIn(user);
    const { secret } = await beginTotpEnrollment(user.id, user.email, { sessionId: session.sessionId });
    // The session ends (signed out in another tab) after the settings page was drawn.
    await revokeSession(session.sessionId, "LOGOUT", T0);

    await expect(confirmIn(session.sessionId, user, await totpCode(secret, T0))).rejects.toMatchObject({ code: "SESSION_ENDED" });
    expect(await hasTotp(user.id)).toBe(false);
    expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await revokedReasons(other.sessionId)).toEqual({ [other.sessionId]: null });
    expect(await db().auditEvent.count({ where: { actorUserId: user.id, action: "auth.mfa.enabled" } })).toBe(0);
  });

  it("switches nothing on when ending the other sessions fails (threat: MFA on while a password-only session lives on)", async () => {
    const user = await makeUser();
    const session = await signedIn(user);
    const other = await signedIn(user);
    const { secret } = await beginTotpEnrollment(user.id, user.email, { sessionId: session.sessionId });
    vi.mocked(revokeUserSessions).mockRejectedValueOnce(new Error("injected failure"));

    await expect(confirmIn(session.sessionId, user, await totpCode(secret, T0))).rejects.toThrow("injected failure");
    expect(await hasTotp(user.id)).toBe(false);
    expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    const { mfaPassedAt } = await db().session.findUniqueOrThrow({ where: { id: session.sessionId }, select: { mfaPassedAt: true } });
    expect(mfaPassedAt).toBeNull();
    expect(await revokedReasons(other.sessionId)).toEqual({ [other.sessionId]: null });
  });

  it("never marks another user's, an MFA-pending or a revoked session (threat: borrowing MFA across sessions)", async () => {
    const owner = await makeUser();
    const other = await makeUser({ mfa: true });
    const ownSession = await signedIn(owner);
    const pending = await loginWithPassword({ email: other.email, password: other.password }, context(T0));
    await expect(markSessionMfaPassed(ownSession.sessionId, other.id, T0)).rejects.toMatchObject({ code: "SESSION_ENDED" });
    await expect(markSessionMfaPassed(pending.sessionId, other.id, T0)).rejects.toMatchObject({ code: "SESSION_ENDED" });
    await revokeSession(ownSession.sessionId, "LOGOUT", T0);
    await expect(markSessionMfaPassed(ownSession.sessionId, owner.id, T0)).rejects.toMatchObject({ code: "SESSION_ENDED" });
  });
});

describe("step-up for a session that never proved MFA", () => {
  it("a current code lets the session into a workspace that requires MFA; the same code is not accepted twice", async () => {
    const user = await makeUser({ mfa: true });
    const globex = await makeWorkspace({ mfaRequired: true, members: [[user, "member"]] });
    // A sign-in whose password was checked just before the factor went on: its session row
    // is written after the others were ended, without MFA.
    const session = await createSession(user.id, "USER", context(T0));
    const other = await signedIn(user);
    await expect(selectWorkspace(session.id, globex.guid, context(T0))).rejects.toMatchObject({ code: "POLICY_REQUIREMENTS", details: { requirements: [{ type: "mfa" }] } });

    const code = await codeFor(user, T0);
    await confirmSessionMfa(session.id, user.id, code, context(T0));
    expect((await selectWorkspace(session.id, globex.guid, context(at(1)))).stage).toBe("workspace");
    await expect(confirmSessionMfa(other.sessionId, user.id, code, context(at(2)))).rejects.toMatchObject({ code: "MFA_CODE_REPLAYED" });
  });

  it("wrong codes share the per-user MFA throttle (threat: guessing codes with a stolen session)", async () => {
    const user = await makeUser({ mfa: true });
    const session = await signedIn(user);
    for (let i = 0; i < 5; i++) await expect(confirmSessionMfa(session.sessionId, user.id, "000000", context(T0))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    await expect(confirmSessionMfa(session.sessionId, user.id, await codeFor(user, T0), context(at(1)))).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });
});

describe("recovery codes and turning MFA off", () => {
  it("new recovery codes need a current code and replace every old one", async () => {
    const user = await makeUser({ mfa: true });
    const session = await atSettings(user);
    const old = user.recoveryCodes[0]!;
    await expect(regenerateRecoveryCodes(session.sessionId, user.id, "123456", context(T0))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    const fresh = await regenerateRecoveryCodes(session.sessionId, user.id, await codeFor(user, T0), context(T0));
    expect(fresh).toHaveLength(10);
    expect(await consumeRecoveryCode(user.id, old, T0)).toBe(false);
    expect(await consumeRecoveryCode(user.id, fresh[0]!, T0)).toBe(true);
  });

  it("needs the confirmed password and a current code; every session ends", async () => {
    const user = await makeUser({ mfa: true });
    const a = await signedIn(user);
    const b = await signedIn(user);
    const code = await codeFor(user, T0);
    await expect(confirmPassword(a.sessionId, user.id, "wrong password entirely", context(T0))).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    await expect(disableTotp(a.sessionId, user.id, code, context(T0))).rejects.toMatchObject({ code: "PASSWORD_CONFIRMATION_REQUIRED" });
    await confirmPassword(a.sessionId, user.id, user.password, context(T0));
    await expect(disableTotp(a.sessionId, user.id, "000000", context(T0))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    expect(await hasTotp(user.id)).toBe(true);

    await disableTotp(a.sessionId, user.id, code, context(at(1)));
    expect(await hasTotp(user.id)).toBe(false);
    expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await revokedReasons(a.sessionId, b.sessionId)).toEqual({ [a.sessionId]: "MFA_DISABLED", [b.sessionId]: "MFA_DISABLED" });
    expect((await lastAudit(user.id, "auth.mfa.disabled")).metadata).toEqual({ sessionsEnded: 2 });
  });

  it("a code already spent in its time step is refused as a replay, with the advice to wait for the next one; the next step's code works", async () => {
    const user = await makeUser({ mfa: true });
    const session = await atSettings(user);
    const code = await codeFor(user, T0);
    expect(await regenerateRecoveryCodes(session.sessionId, user.id, code, context(T0))).toHaveLength(10);

    // Threat: a replayed code (RFC 6238 §5.2); the refusal stays, only the answer says why.
    const replay = { code: "MFA_CODE_REPLAYED", message: expect.stringMatching(/^This code was just used\. Wait for the next code/), details: { fieldErrors: { code: REPLAYED_CODE } } };
    await expect(disableTotp(session.sessionId, user.id, code, context(at(5)))).rejects.toMatchObject(replay);
    // Still valid as the previous step's code just after the step rolled over: still a replay.
    await expect(disableTotp(session.sessionId, user.id, code, context(at(25)))).rejects.toMatchObject(replay);
    await expect(disableTotp(session.sessionId, user.id, "000000", context(at(25)))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    expect(await hasTotp(user.id)).toBe(true);
    expect(await lastAudit(user.id, "auth.mfa.failed")).toMatchObject({ metadata: { purpose: "disable" } });

    await disableTotp(session.sessionId, user.id, await codeFor(user, at(25)), context(at(25)));
    expect(await hasTotp(user.id)).toBe(false);
  });

  it("keeps MFA on when ending the sessions fails (threat: MFA off while sessions that passed it stay in workspaces that require it)", async () => {
    const user = await makeUser({ mfa: true });
    const session = await atSettings(user);
    vi.mocked(revokeUserSessions).mockRejectedValueOnce(new Error("injected failure"));

    await expect(disableTotp(session.sessionId, user.id, await codeFor(user, T0), context(T0))).rejects.toThrow("injected failure");
    expect(await hasTotp(user.id)).toBe(true);
    expect(await db().recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(9);
    expect(await revokedReasons(session.sessionId)).toEqual({ [session.sessionId]: null });
  });
});

describe("a stolen session cookie without the password", () => {
  // Threat: whoever holds the cookie switches MFA on with a secret of their own, keeps the
  // recovery codes and locks the owner out, or weakens the account by turning MFA off.
  it("cannot start set-up, nor finish one the owner left open", async () => {
    const user = await makeUser();
    const thief = await signedIn(user);
    await expect(startTotpSetup(thief.sessionId, user, context(T0))).rejects.toMatchObject({ code: "PASSWORD_CONFIRMATION_REQUIRED" });
    expect(await db().totpFactor.count({ where: { userId: user.id } })).toBe(0);

    // The owner confirmed the password and began set-up in this session, then walked away; the
    // cookie is taken 11 minutes later: the key is no longer shown, and no code confirms it.
    await confirmPassword(thief.sessionId, user.id, user.password, context(T0));
    await startTotpSetup(thief.sessionId, user, context(T0));
    const later = at(11 * 60);
    expect(await totpSetupState(user, thief.sessionId, later)).toEqual({ state: "pending_locked" });
    const { secretEncrypted } = await db().totpFactor.findUniqueOrThrow({ where: { userId: user.id } });
    const code = await totpCode(decrypt(secretEncrypted, "totp-secret", user.id), later);
    await expect(confirmTotpSetup(thief.sessionId, user.id, code, context(later))).rejects.toMatchObject({ code: "PASSWORD_CONFIRMATION_REQUIRED" });
    expect(await hasTotp(user.id)).toBe(false);
  });

  it("cannot take new recovery codes or turn MFA off, and spends no code trying", async () => {
    const user = await makeUser({ mfa: true });
    const owner = await signedIn(user);
    const thief = await signedIn(user);
    const code = await codeFor(user, T0);
    await expect(regenerateRecoveryCodes(thief.sessionId, user.id, code, context(T0))).rejects.toMatchObject({ code: "PASSWORD_CONFIRMATION_REQUIRED" });
    await expect(disableTotp(thief.sessionId, user.id, code, context(T0))).rejects.toMatchObject({ code: "PASSWORD_CONFIRMATION_REQUIRED" });

    expect(await hasTotp(user.id)).toBe(true);
    expect(await consumeRecoveryCode(user.id, user.recoveryCodes[0]!, T0)).toBe(true);
    expect(await revokedReasons(owner.sessionId, thief.sessionId)).toEqual({ [owner.sessionId]: null, [thief.sessionId]: null });
    expect(await db().auditEvent.count({ where: { actorUserId: user.id, action: { in: ["auth.mfa.disabled", "auth.mfa.recovery_codes_regenerated"] } } })).toBe(0);
    // The owner's code was not burnt by the refused attempts.
    await confirmPassword(owner.sessionId, user.id, user.password, context(T0));
    expect(await regenerateRecoveryCodes(owner.sessionId, user.id, code, context(T0))).toHaveLength(10);
  });

  it("a password confirmed 11 minutes ago no longer counts; 9 minutes ago still does", async () => {
    const user = await makeUser({ mfa: true });
    const session = await atSettings(user);
    expect((await securitySettings(user.id, user.email, session.sessionId, at(9 * 60))).passwordConfirmedUntil).toEqual(at(PASSWORD_CONFIRMATION_TTL));
    expect(await regenerateRecoveryCodes(session.sessionId, user.id, await codeFor(user, at(9 * 60)), context(at(9 * 60)))).toHaveLength(10);

    const elevenMinutes = at(11 * 60);
    expect((await securitySettings(user.id, user.email, session.sessionId, elevenMinutes)).passwordConfirmedUntil).toBeNull();
    const code = await codeFor(user, elevenMinutes);
    await expect(regenerateRecoveryCodes(session.sessionId, user.id, code, context(elevenMinutes))).rejects.toMatchObject({ code: "PASSWORD_CONFIRMATION_REQUIRED" });
    await expect(disableTotp(session.sessionId, user.id, code, context(elevenMinutes))).rejects.toMatchObject({ code: "PASSWORD_CONFIRMATION_REQUIRED" });
    expect(await hasTotp(user.id)).toBe(true);
  });

  it("is not unlocked by a confirmation in another session of the same user, nor can an ended session confirm", async () => {
    const user = await makeUser();
    const owner = await atSettings(user);
    const thief = await signedIn(user);
    await expect(startTotpSetup(thief.sessionId, user, context(T0))).rejects.toMatchObject({ code: "PASSWORD_CONFIRMATION_REQUIRED" });
    await revokeSession(owner.sessionId, "LOGOUT", T0);
    await expect(confirmPassword(owner.sessionId, user.id, user.password, context(T0))).rejects.toMatchObject({ code: "SESSION_ENDED" });
  });

  it("cannot guess the password faster than a sign-in could (threat: the settings page as a password oracle)", async () => {
    const user = await makeUser();
    const thief = await signedIn(user);
    for (let i = 0; i < 5; i++) {
      await expect(confirmPassword(thief.sessionId, user.id, `guess number ${i} is wrong`, context(T0))).rejects.toMatchObject({
        code: "INVALID_CREDENTIALS",
        details: { fieldErrors: { password: "That password is not correct." } },
      });
    }
    await expect(confirmPassword(thief.sessionId, user.id, user.password, context(at(1)))).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await auditActions(user.id)).toContain("auth.reauth.failed");
    // The wait ends; the owner's own password works again.
    await confirmPassword(thief.sessionId, user.id, user.password, context(at(16)));
    expect(await auditActions(user.id)).toContain("auth.reauth.succeeded");
  });
});
