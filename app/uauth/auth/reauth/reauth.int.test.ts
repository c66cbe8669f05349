// POST /uauth/auth/reauth through the route handler, no middleware in front, on SQLite and
// PostgreSQL: the password re-entered over the API counts exactly as the security settings'
// confirm step (Session.passwordVerifiedAt), wrong ones are refused and throttled per user.
import { describe, expect, it } from "vitest";
import { POST as reauthRoute } from "@/app/uauth/auth/reauth/route";
import { POST as logoutRoute } from "@/app/uauth/auth/logout/route";
import { securitySettings, startTotpSetup } from "@/lib/auth/security-settings";
import { db } from "@/lib/db/client";
import { api, auditActions, context, enterViaApi, freshIp, inspectToken, loginViaApi, makeUser, makeWorkspace, signInViaApi } from "@/lib/testing/fixtures";

const REAUTH = "/uauth/auth/reauth";
const reauth = (token: string | undefined, json: unknown, ip?: string) => api.post(reauthRoute, REAUTH, { token, json, ip });
const sidOf = (token: string) => inspectToken(token).claims.sid as string;
const verifiedAt = async (token: string) => (await db().session.findUniqueOrThrow({ where: { id: sidOf(token) }, select: { passwordVerifiedAt: true } })).passwordVerifiedAt;

describe("POST /uauth/auth/reauth", () => {
  it("with a user token: 204, and the session may now make the changes that ask for a recent password", async () => {
    const user = await makeUser();
    const token = (await signInViaApi(user)).token;
    const now = new Date();
    // Before: the operation guarded by PASSWORD_CONFIRMATION_REQUIRED is refused.
    await expect(startTotpSetup(sidOf(token), user, context(now))).rejects.toMatchObject({ code: "PASSWORD_CONFIRMATION_REQUIRED" });
    expect(await verifiedAt(token)).toBeNull();

    const confirmed = await reauth(token, { password: user.password });
    expect(confirmed.status).toBe(204);
    expect(await verifiedAt(token)).toBeInstanceOf(Date);
    expect((await securitySettings(user.id, user.email, sidOf(token), new Date())).passwordConfirmedUntil).toBeInstanceOf(Date);
    await expect(startTotpSetup(sidOf(token), user, context(new Date()))).resolves.toBeUndefined();
    expect(await auditActions(user.id)).toContain("auth.reauth.succeeded");
  });

  it("with a workspace token: 204, recorded on that session only", async () => {
    const user = await makeUser();
    const workspace = await makeWorkspace({ members: [[user, "member"]] });
    const other = (await signInViaApi(user)).token;
    const token = (await enterViaApi((await signInViaApi(user)).token, workspace)).token;
    expect((await reauth(token, { password: user.password })).status).toBe(204);
    expect(await verifiedAt(token)).toBeInstanceOf(Date);
    expect(await verifiedAt(other)).toBeNull();
  });

  it("answers a wrong password 401 INVALID_CREDENTIALS and records nothing on the session", async () => {
    // Threat: whoever holds a stolen token unlocks the sensitive operations without the password.
    const user = await makeUser();
    const token = (await signInViaApi(user)).token;
    const refused = await reauth(token, { password: "not the password at all" });
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe("INVALID_CREDENTIALS");
    expect(await verifiedAt(token)).toBeNull();
    expect(await auditActions(user.id)).toContain("auth.reauth.failed");
  });

  it("throttles wrong passwords per user (429 with Retry-After), the right one too while blocked, from any address", async () => {
    // Threat: a stolen token used to guess the account's password without the sign-in's limits.
    const user = await makeUser();
    const token = (await signInViaApi(user)).token;
    for (let attempt = 0; attempt < 5; attempt++) expect((await reauth(token, { password: `wrong guess ${attempt}` }, freshIp())).status).toBe(401);
    const blocked = await reauth(token, { password: user.password }, freshIp());
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe("TOO_MANY_REQUESTS");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await verifiedAt(token)).toBeNull();
  });

  it("refuses no token (401), an MFA-pending token (403), an ended session (401) and a body without a password (400)", async () => {
    const user = await makeUser({ mfa: true });
    const anonymous = await reauth(undefined, { password: user.password });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe("UNAUTHENTICATED");

    const pending = (await loginViaApi(user)).json.token as string;
    const halfway = await reauth(pending, { password: user.password });
    expect(halfway.status).toBe(403);
    expect(halfway.json.error.code).toBe("MFA_REQUIRED");

    const token = (await signInViaApi(user)).token;
    const missing = await reauth(token, {});
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe("VALIDATION_FAILED");

    expect((await api.post(logoutRoute, "/uauth/auth/logout", { token })).status).toBe(204);
    const ended = await reauth(token, { password: user.password });
    expect(ended.status).toBe(401);
    expect(ended.json.error.code).toBe("SESSION_ENDED");
  });
});
