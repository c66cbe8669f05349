// Ending sessions (issue 6, item 15, one part): a new sign-in in a browser ends the session its
// cookie held until then (lib/auth/next-auth.ts authorize calls endReplacedSession with the
// cookie's session), driven through the journey with an explicit `now`.
import { describe, expect, it } from "vitest";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { context, makeUser, PASSWORD } from "@/lib/testing/fixtures";
import { resolveAccessToken } from "@/lib/auth/principal";
import { endReplacedSession, loginWithPassword, refreshSession } from ".";

const T0 = new Date("2030-08-01T09:00:00Z");
const at = (seconds: number) => addSeconds(T0, seconds);

describe("a new sign-in ends the cookie's previous session", () => {
  it("ends the earlier session with every token of it, and leaves the new one working", async () => {
    // Threat: a copy of the cookie from before the new sign-in (or its refresh token) staying live although nobody holds it any more.
    const user = await makeUser();
    const earlier = await loginWithPassword({ email: user.email, password: PASSWORD }, context(T0));
    const next = await loginWithPassword({ email: user.email, password: PASSWORD }, context(at(60)));
    await endReplacedSession(earlier.sessionId, next.sessionId, context(at(60)));

    await expect(resolveAccessToken(earlier.token, "127.0.0.1", at(61), "session")).rejects.toMatchObject({ code: "SESSION_ENDED" });
    await expect(refreshSession(earlier.refreshToken!, context(at(61)))).rejects.toMatchObject({ code: "SESSION_ENDED" });
    expect(await db().session.findUniqueOrThrow({ where: { id: earlier.sessionId }, select: { revokedReason: true } })).toEqual({ revokedReason: "SIGNED_IN_AGAIN" });
    expect((await resolveAccessToken(next.token, "127.0.0.1", at(61), "session")).sessionId).toBe(next.sessionId);
    const ended = await db().auditEvent.findFirstOrThrow({ where: { action: "auth.logout", targetId: earlier.sessionId } });
    expect(JSON.parse(ended.metadata)).toEqual({ reason: "signed_in_again" });
  });

  it("ends another account's session left in the same browser too", async () => {
    // Threat: the previous person's session on a shared computer surviving the next person's sign-in.
    const [first, second] = [await makeUser(), await makeUser()];
    const earlier = await loginWithPassword({ email: first.email, password: PASSWORD }, context(T0));
    const next = await loginWithPassword({ email: second.email, password: PASSWORD }, context(at(5)));
    await endReplacedSession(earlier.sessionId, next.sessionId, context(at(5)));
    await expect(resolveAccessToken(earlier.token, "127.0.0.1", at(6), "session")).rejects.toMatchObject({ code: "SESSION_ENDED" });
  });

  it("leaves the session alone when the cookie already holds it", async () => {
    // Threat guarded against over-correcting: signing a person out of the very session they just signed in with.
    const user = await makeUser();
    const login = await loginWithPassword({ email: user.email, password: PASSWORD }, context(T0));
    await endReplacedSession(login.sessionId, login.sessionId, context(at(1)));
    expect((await resolveAccessToken(login.token, "127.0.0.1", at(2), "session")).sessionId).toBe(login.sessionId);
  });
});
