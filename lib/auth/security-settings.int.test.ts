// A signed-in user's own MFA settings: the set-up code counts as this session's MFA, the step-up
// for sessions from before MFA existed, new recovery codes and turning MFA off, with an explicit
// `now` so TOTP steps are unambiguous.
import { describe, expect, it } from "vitest";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { codeFor, context, makeUser, makeWorkspace, type TestUser } from "@/lib/testing/fixtures";
import { totpCode } from "./totp";
import { beginTotpEnrollment, consumeRecoveryCode, hasTotp } from "./mfa";
import { loginWithPassword, selectWorkspace, verifyMfa } from "./journey";
import { revokeSession } from "./sessions";
import { confirmSessionMfa, confirmTotpSetup, disableTotp, markSessionMfaPassed, regenerateRecoveryCodes, totpSetupState } from "./security-settings";

// 10 s into a 30 s TOTP step.
const T0 = new Date("2030-04-01T09:00:10Z");
const at = (seconds: number) => addSeconds(T0, seconds);

async function signedIn(user: TestUser, now = T0) {
  const step = await loginWithPassword({ email: user.email, password: user.password }, context(now));
  if (step.stage === "user") return step;
  return verifyMfa(step.sessionId, "RECOVERY_CODE", user.recoveryCodes.pop()!, context(now));
}

describe("TOTP set-up from the settings page", () => {
  it("shows the secret only while set-up is pending, and the confirmation counts as this session's MFA", async () => {
    const user = await makeUser();
    const globex = await makeWorkspace({ mfaRequired: true, members: [[user, "member"]] });
    const session = await signedIn(user);
    expect(await totpSetupState(user.id, user.email)).toEqual({ state: "off" });

    const { secret } = await beginTotpEnrollment(user.id, user.email);
    const pending = await totpSetupState(user.id, user.email);
    expect(pending).toMatchObject({ state: "pending", secret });
    expect(pending.state === "pending" && pending.uri).toContain(`secret=${secret}`);

    const codes = await confirmTotpSetup(session.sessionId, user.id, await totpCode(secret, T0), context(T0));
    expect(codes).toHaveLength(10);
    expect(await totpSetupState(user.id, user.email)).toEqual({ state: "on", enabledAt: T0, recoveryCodesLeft: 10 });
    // Straight into the workspace that requires MFA, without signing in again.
    expect((await selectWorkspace(session.sessionId, globex.guid, context(at(1)))).stage).toBe("workspace");
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

describe("step-up for a session from before MFA was set up", () => {
  it("a current code lets the session into a workspace that requires MFA; the same code is not accepted twice", async () => {
    const user = await makeUser();
    const globex = await makeWorkspace({ mfaRequired: true, members: [[user, "member"]] });
    const session = await signedIn(user);
    const { secret } = await beginTotpEnrollment(user.id, user.email);
    const other = await signedIn(user);
    await confirmTotpSetup(other.sessionId, user.id, await totpCode(secret, at(-30)), context(at(-30)));
    await expect(selectWorkspace(session.sessionId, globex.guid, context(T0))).rejects.toMatchObject({ code: "POLICY_REQUIREMENTS", details: { requirements: [{ type: "mfa" }] } });

    const code = await totpCode(secret, T0);
    await confirmSessionMfa(session.sessionId, user.id, code, context(T0));
    expect((await selectWorkspace(session.sessionId, globex.guid, context(at(1)))).stage).toBe("workspace");
    await expect(confirmSessionMfa(other.sessionId, user.id, code, context(at(2)))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
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
    const old = user.recoveryCodes[0]!;
    await expect(regenerateRecoveryCodes(user.id, "123456", context(T0))).rejects.toMatchObject({ code: "INVALID_MFA_CODE" });
    const fresh = await regenerateRecoveryCodes(user.id, await codeFor(user, T0), context(T0));
    expect(fresh).toHaveLength(10);
    expect(await consumeRecoveryCode(user.id, old, T0)).toBe(false);
    expect(await consumeRecoveryCode(user.id, fresh[0]!, T0)).toBe(true);
  });

  it("needs the password and a current code; a wrong password does not spend the code; every session ends", async () => {
    const user = await makeUser({ mfa: true });
    const a = await signedIn(user);
    const b = await signedIn(user);
    const code = await codeFor(user, T0);
    await expect(disableTotp(user.id, "wrong password entirely", code, context(T0))).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    await expect(disableTotp(user.id, user.password, "000000", context(T0))).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await hasTotp(user.id)).toBe(true);

    await disableTotp(user.id, user.password, code, context(at(1)));
    expect(await hasTotp(user.id)).toBe(false);
    expect(await db().recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    const sessions = await db().session.findMany({ where: { id: { in: [a.sessionId, b.sessionId] } }, select: { revokedReason: true } });
    expect(sessions.map((s) => s.revokedReason)).toEqual(["MFA_DISABLED", "MFA_DISABLED"]);
  });
});
