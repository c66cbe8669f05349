// One open MFA challenge per user, held by the database rather than by the order of statements.
import { describe, expect, it } from "vitest";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { codeFor, context, freshIp, makeUser, type TestUser } from "@/lib/testing/fixtures";
import { loginWithPassword, verifyMfa } from "./journey";

const T0 = new Date("2030-06-01T08:00:10Z");

const liveChallenges = (user: TestUser, now: Date) => db().session.count({ where: { userId: user.id, stage: "MFA", revokedAt: null, expiresAt: { gt: now } } });

/**
 * Password-step sign-ins of `user` at `now`, all at once, each from its own device and address
 * (no shared throttle key to queue on); each answers its stage, or the code it failed with.
 */
function parallelSignIns(user: TestUser, deviceTokens: string[], now: Date): Promise<string[]> {
  const signIn = (deviceToken: string) => loginWithPassword({ email: user.email, password: user.password, deviceToken }, context(now, freshIp()));
  return Promise.all(deviceTokens.map((deviceToken) => signIn(deviceToken).then((step) => step.stage, (error: { code?: string }) => error.code ?? String(error))));
}

describe("open MFA challenges", () => {
  // Threat: parallel sign-ins with a stolen password each opening a challenge with five fresh tries (PostgreSQL lets both inserts commit).
  it("leaves exactly one live challenge after many parallel sign-ins, and only it can pass", async () => {
    const user = await makeUser({ mfa: true });
    const devices: string[] = [];
    for (let i = 0; i < 12; i++) devices.push((await loginWithPassword({ email: user.email, password: user.password }, context(T0, freshIp()))).deviceToken);
    for (let round = 1; round <= 3; round++) {
      const now = addSeconds(T0, round * 60);
      const started = await parallelSignIns(user, devices, now);
      // A sign-in that loses the race for the slot too often is told to try again, never let through.
      expect(started).toContain("mfa");
      expect(started.filter((result) => result !== "mfa").every((result) => result === "SERVICE_BUSY")).toBe(true);
      expect(await liveChallenges(user, now)).toBe(1);
      expect(await db().session.count({ where: { mfaChallengeUserId: user.id } })).toBe(1);
    }
    const now = addSeconds(T0, 200);
    const [live] = await db().session.findMany({ where: { userId: user.id, stage: "MFA", revokedAt: null, expiresAt: { gt: now } }, select: { id: true } });
    const passed = await verifyMfa(live!.id, "TOTP_AUTHENTICATOR", await codeFor(user, now), context(now));
    expect(passed.stage).toBe("user");
    // Passing frees the slot: the next sign-in opens a challenge of its own.
    expect(await db().session.findUniqueOrThrow({ where: { id: live!.id }, select: { mfaChallengeUserId: true } })).toEqual({ mfaChallengeUserId: null });
    await loginWithPassword({ email: user.email, password: user.password }, context(addSeconds(now, 1), freshIp()));
    expect(await liveChallenges(user, addSeconds(now, 1))).toBe(1);
  });
});
