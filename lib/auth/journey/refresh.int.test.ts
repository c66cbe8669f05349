// Refresh-token replay inside the grace window (issue 6, item 9), through the journey with an
// explicit `now` and explicit clients (address and user agent). The grace window exists for the
// owner's own second tab or retry; it must never hand the owner's pair to anyone else, nor the
// thief's pair to the owner.
import { describe, expect, it } from "vitest";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { makeUser, PASSWORD } from "@/lib/testing/fixtures";
import type { ClientContext } from "@/lib/auth/sessions";
import { resolveAccessToken } from "@/lib/auth/principal";
import type { TokenPair } from "@/lib/tokens/refresh";
import { loginWithPassword, refreshSession } from ".";

const T0 = new Date("2030-04-01T08:00:00Z");
const at = (seconds: number) => addSeconds(T0, seconds);
const owner = (now: Date): ClientContext => ({ ip: "198.51.100.7", userAgent: "Mozilla/5.0 (owner's laptop)", now });
const thief = (now: Date): ClientContext => ({ ip: "203.0.113.66", userAgent: "python-requests/2.32", now });

async function signIn() {
  const user = await makeUser();
  const login = await loginWithPassword({ email: user.email, password: PASSWORD }, owner(T0));
  return { sessionId: login.sessionId, refreshToken: login.refreshToken! };
}

async function expectFamilyEnded(sessionId: string, pair: { token: string; refreshToken: string }, now: Date) {
  expect(await db().session.findUniqueOrThrow({ where: { id: sessionId }, select: { revokedReason: true } })).toEqual({ revokedReason: "REFRESH_REUSE" });
  await expect(resolveAccessToken(pair.token, owner(now).ip, now, "session")).rejects.toMatchObject({ code: "SESSION_ENDED" });
  await expect(refreshSession(pair.refreshToken, owner(now))).rejects.toMatchObject({ code: "SESSION_ENDED" });
  expect(await db().auditEvent.count({ where: { action: "auth.token.reuse_detected", targetId: sessionId } })).toBe(1);
}

describe("refresh grace window: the same pair only for the same client", () => {
  it("ends the session when a thief replays the spent token within the grace window from another address", async () => {
    // Threat: a stolen refresh token replayed seconds after the owner rotated it returns the owner's live pair.
    const { sessionId, refreshToken } = await signIn();
    const owners = await refreshSession(refreshToken, owner(at(1)));
    await expect(refreshSession(refreshToken, thief(at(3)))).rejects.toMatchObject({ code: "SESSION_ENDED", status: 401 });
    await expectFamilyEnded(sessionId, owners, at(4));
  });

  it("ends the session when the spent token comes back from the same address with another user agent", async () => {
    // Threat: a thief behind the owner's own NAT (same address) replaying within the grace window.
    const { sessionId, refreshToken } = await signIn();
    const owners = await refreshSession(refreshToken, owner(at(1)));
    await expect(refreshSession(refreshToken, { ...thief(at(2)), ip: owner(at(2)).ip })).rejects.toMatchObject({ code: "SESSION_ENDED" });
    await expectFamilyEnded(sessionId, owners, at(3));
  });

  it("revokes the family when the thief rotated first, instead of handing the owner the thief's pair", async () => {
    // Threat: the thief refreshes first; the owner's next refresh within the window would receive (and so confirm) the thief's pair.
    const { sessionId, refreshToken } = await signIn();
    const thiefs = await refreshSession(refreshToken, thief(at(1)));
    await expect(refreshSession(refreshToken, owner(at(2)))).rejects.toMatchObject({ code: "SESSION_ENDED" });
    await expectFamilyEnded(sessionId, thiefs, at(3));
  });

  it("still gives the same client (two tabs, a retried request) the same pair within the window, and keeps the session", async () => {
    // Threat guarded against over-correcting: the owner's own second tab must not be taken for a thief and sign them out.
    const { sessionId, refreshToken } = await signIn();
    const firstTab = await refreshSession(refreshToken, owner(at(1)));
    expect(await refreshSession(refreshToken, owner(at(6)))).toEqual(firstTab);
    expect(await refreshSession(refreshToken, owner(at(11)))).toEqual(firstTab);
    const parallel = await Promise.all([refreshSession(firstTab.refreshToken, owner(at(20))), refreshSession(firstTab.refreshToken, owner(at(20)))]);
    expect(parallel[1]).toEqual(parallel[0]);
    expect(await db().session.findUniqueOrThrow({ where: { id: sessionId }, select: { revokedAt: true } })).toEqual({ revokedAt: null });
    expect((await resolveAccessToken(parallel[0].token, owner(at(21)).ip, at(21), "session")).sessionId).toBe(sessionId);
  });

  it("ends the session when the owner and a thief refresh with one token at the same moment, whoever wins", async () => {
    // Threat: racing the owner so that the loser of the race is handed the winner's pair.
    const { sessionId, refreshToken } = await signIn();
    const outcomes = await Promise.allSettled([refreshSession(refreshToken, owner(at(1))), refreshSession(refreshToken, thief(at(1)))]);
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toHaveLength(1);
    const winner = outcomes.find((outcome): outcome is PromiseFulfilledResult<TokenPair> => outcome.status === "fulfilled")!.value;
    await expectFamilyEnded(sessionId, winner, at(2));
  });
});
