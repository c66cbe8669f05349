// Session lifetimes (issue 6, item 11): the idle timeout (60 minutes, NIST SP 800-63B-4 AAL2) and
// the absolute lifetime (12 hours), driven through the journey and resolveAccessToken with an
// explicit `now`. Activity is a request with an access token; refreshing is not.
import { describe, expect, it } from "vitest";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { context, makeUser, PASSWORD } from "@/lib/testing/fixtures";
import { loginWithPassword, refreshSession } from "./journey";
import { resolveAccessToken } from "./principal";

const T0 = new Date("2030-06-01T07:00:00Z");
const minutes = (n: number) => addSeconds(T0, n * 60);
const IDLE_MINUTES = 60;

async function signIn() {
  const user = await makeUser();
  const login = await loginWithPassword({ email: user.email, password: PASSWORD }, context(T0));
  return { sessionId: login.sessionId, token: login.token, refreshToken: login.refreshToken! };
}

/** A request with the token at `now`: activity. */
const use = (token: string, now: Date) => resolveAccessToken(token, "127.0.0.1", now, "session");

const sessionRow = (id: string) => db().session.findUniqueOrThrow({ where: { id }, select: { revokedAt: true, revokedReason: true, lastSeenAt: true } });

describe("idle timeout", () => {
  it("refuses the next request of a session idle past the timeout, and records why", async () => {
    // Threat: a session left signed in on a shared computer, picked up by the next person hours later.
    const { sessionId, token, refreshToken } = await signIn();
    await use(token, minutes(5));
    // A refresh just before the timeout gives a token that is not expired when the timeout passes.
    const pair = await refreshSession(refreshToken, context(minutes(5 + IDLE_MINUTES - 1)));
    await expect(use(pair.token, minutes(5 + IDLE_MINUTES + 1))).rejects.toMatchObject({ code: "SESSION_ENDED", status: 401 });
    // Ended at the moment it timed out, not when it was noticed.
    expect(await sessionRow(sessionId)).toEqual({ revokedReason: "IDLE_TIMEOUT", revokedAt: minutes(5 + IDLE_MINUTES), lastSeenAt: minutes(5) });
    await expect(refreshSession(pair.refreshToken, context(minutes(5 + IDLE_MINUTES + 2)))).rejects.toMatchObject({ code: "SESSION_ENDED" });
  });

  it("refuses a refresh of a session idle past the timeout", async () => {
    // Threat: a refresh token found later (a copied cookie, a log) reviving an abandoned session.
    const { sessionId, token, refreshToken } = await signIn();
    await use(token, minutes(2));
    await expect(refreshSession(refreshToken, context(minutes(2 + IDLE_MINUTES + 1)))).rejects.toMatchObject({ code: "SESSION_ENDED", status: 401 });
    expect(await sessionRow(sessionId)).toMatchObject({ revokedReason: "IDLE_TIMEOUT", revokedAt: minutes(2 + IDLE_MINUTES) });
  });

  it("does not count the browser's timer-driven refreshes as activity: an abandoned tab times out", async () => {
    // Threat: a tab left open refreshing every nine minutes, keeping the session alive for its whole 12 hours.
    const { sessionId, refreshToken } = await signIn();
    let current = refreshToken;
    for (let minute = 9; minute < IDLE_MINUTES; minute += 9) current = (await refreshSession(current, context(minutes(minute)))).refreshToken;
    await expect(refreshSession(current, context(minutes(63)))).rejects.toMatchObject({ code: "SESSION_ENDED" });
    expect(await sessionRow(sessionId)).toMatchObject({ revokedReason: "IDLE_TIMEOUT", revokedAt: minutes(IDLE_MINUTES) });
  });

  it("keeps a session that is in use alive past the idle timeout", async () => {
    // Threat guarded against over-correcting: signing out someone who is working.
    const { token, refreshToken } = await signIn();
    await use(token, minutes(9));
    let pair = await refreshSession(refreshToken, context(minutes(9)));
    for (let minute = 50; minute <= 3 * IDLE_MINUTES; minute += 50) {
      pair = await refreshSession(pair.refreshToken, context(minutes(minute)));
      await use(pair.token, minutes(minute));
    }
    expect((await use(pair.token, minutes(151))).sessionId).toBeDefined();
  });
});

describe("absolute lifetime", () => {
  it("ends a session in constant use 12 hours after sign-in", async () => {
    // Threat: a stolen session kept busy so that it never ends.
    const { sessionId, refreshToken } = await signIn();
    let pair = await refreshSession(refreshToken, context(minutes(1)));
    for (let minute = 30; minute < 12 * 60; minute += 30) {
      pair = await refreshSession(pair.refreshToken, context(minutes(minute)));
      await use(pair.token, minutes(minute));
    }
    // Refreshed five minutes before the end: this access token itself is still valid after it.
    pair = await refreshSession(pair.refreshToken, context(minutes(12 * 60 - 5)));
    await use(pair.token, minutes(12 * 60 - 5));
    await expect(use(pair.token, minutes(12 * 60 + 1))).rejects.toMatchObject({ code: "SESSION_ENDED" });
    await expect(refreshSession(pair.refreshToken, context(minutes(12 * 60 + 1)))).rejects.toMatchObject({ status: 401 });
    // Expired, not idle: nothing was revoked.
    expect(await sessionRow(sessionId)).toMatchObject({ revokedAt: null });
  });
});
