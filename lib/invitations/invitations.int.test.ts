import { describe, expect, it } from "vitest";
import { loginWithPassword } from "@/lib/auth/journey";
import { addSeconds } from "@/lib/clock";
import { randomToken, sha256 } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { freshIp, makeUser } from "@/lib/testing/fixtures";
import { createUser } from "@/lib/users";
import { acceptInvitation, createLandlordAdmin, findOpenInvitation, INVITATION_TTL } from "./index";

const ctx = (now = new Date(), ip = "127.0.0.1") => ({ ip, userAgent: "vitest", now });
const tokenOf = (url: string) => url.split("/invitations/")[1]!;

describe("landlord admin set-password link", () => {
  it("creates an invited admin whose link sets the password once, then sign-in works", async () => {
    const { url, userId } = await createLandlordAdmin("  Root@Example.COM ");
    expect(url).toMatch(/^http:\/\/localhost:\d+\/invitations\/[A-Za-z0-9_-]{43}$/);
    const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
    expect(user).toMatchObject({ email: "root@example.com", status: "INVITED", isLandlordAdmin: true });
    await expect(loginWithPassword({ email: "root@example.com", password: "anything-at-all-long" }, ctx())).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });

    expect(await findOpenInvitation(tokenOf(url), ctx())).toMatchObject({ email: "root@example.com" });
    await acceptInvitation(tokenOf(url), "correct horse battery staple", ctx());
    const step = await loginWithPassword({ email: "root@example.com", password: "correct horse battery staple" }, ctx());
    expect(step.stage).toBe("user");

    // Threat: a leaked, already-used link taking the account over.
    await expect(acceptInvitation(tokenOf(url), "another long password!", ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await findOpenInvitation(tokenOf(url), ctx())).toBeNull();
  });

  it("accepts a link once even when submitted twice at the same moment", async () => {
    const { url } = await createLandlordAdmin("race@example.com");
    const results = await Promise.allSettled([acceptInvitation(tokenOf(url), "first password is long", ctx()), acceptInvitation(tokenOf(url), "second password is long", ctx())]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().auditEvent.count({ where: { action: "auth.password.set" } })).toBeGreaterThanOrEqual(1);
  });

  it("never brings a disabled account back (threat: an old link reopening a closed account)", async () => {
    const { url, userId } = await createLandlordAdmin("closed@example.com");
    await db().user.update({ where: { id: userId }, data: { status: "DISABLED" } });
    await expect(acceptInvitation(tokenOf(url), "a long enough password", ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).status).toBe("DISABLED");
  });

  it("refuses an expired link, a short password, a malformed token and an existing address", async () => {
    const created = new Date("2026-01-01T00:00:00Z");
    const { url } = await createLandlordAdmin("late@example.com", created);
    await expect(acceptInvitation(tokenOf(url), "a long enough password", ctx(addSeconds(created, INVITATION_TTL + 1)))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const fresh = await createLandlordAdmin("short@example.com");
    await expect(acceptInvitation(tokenOf(fresh.url), "too-short", ctx())).rejects.toThrow(/at least 15/);
    expect(await findOpenInvitation("../../etc/passwd", ctx())).toBeNull();
    await createUser({ email: "taken@example.com", password: "a long enough password" });
    await expect(createLandlordAdmin("taken@example.com")).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

/**
 * A pending link for an address that already has an account, as a workspace invitation to an
 * existing user will be; no domain function issues one yet, so the row is written here.
 */
async function pendingLinkFor(email: string, now = new Date()): Promise<string> {
  const token = randomToken(32);
  await db().invitation.create({ data: { email, tokenHash: sha256(token), expiresAt: addSeconds(now, INVITATION_TTL), createdAt: now } });
  return token;
}

describe("the password policy on a set-password link", () => {
  it("refuses a common password and one built from the address, and the link stays usable (threat: a guessable first password)", async () => {
    const { url, userId } = await createLandlordAdmin("grace.hopper@example.com");
    await expect(acceptInvitation(tokenOf(url), "passwordpassword", ctx())).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { fieldErrors: { password: expect.stringContaining("commonly used password") } },
    });
    await expect(acceptInvitation(tokenOf(url), "qwertyuiopasdfgh", ctx())).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(acceptInvitation(tokenOf(url), "hopper-compiles-cobol-daily", ctx())).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { fieldErrors: { password: "Do not use your e-mail address or a name in it." } },
    });
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).status).toBe("INVITED");
    await acceptInvitation(tokenOf(url), "tangerine lamp cobalt ferry", ctx());
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).status).toBe("ACTIVE");
  });
});

describe("a set-password link and an account that has a password", () => {
  it("never resets the password of an ACTIVE account, and the link dies (threat: a leaked link taking over a live account)", async () => {
    const owner = await makeUser();
    const session = await loginWithPassword({ email: owner.email, password: owner.password }, ctx());
    const token = await pendingLinkFor(owner.email);

    await expect(acceptInvitation(token, "tangerine lamp cobalt ferry", ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await findOpenInvitation(token, ctx())).toBeNull();
    expect(await db().invitation.findUniqueOrThrow({ where: { tokenHash: sha256(token) }, select: { status: true } })).toEqual({ status: "REVOKED" });
    // The owner's password and session are untouched; the attacker's password opens nothing.
    await expect(loginWithPassword({ email: owner.email, password: "tangerine lamp cobalt ferry" }, ctx())).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect((await loginWithPassword({ email: owner.email, password: owner.password }, ctx())).stage).toBe("user");
    expect((await db().session.findUniqueOrThrow({ where: { id: session.sessionId } })).revokedAt).toBeNull();
  });

  it("never sets a password on a DISABLED account through a link either, and that link dies too", async () => {
    const { url, userId } = await createLandlordAdmin("gone@example.com");
    await db().user.update({ where: { id: userId }, data: { status: "DISABLED" } });
    await expect(acceptInvitation(tokenOf(url), "tangerine lamp cobalt ferry", ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await db().user.update({ where: { id: userId }, data: { status: "INVITED" } });
    await expect(acceptInvitation(tokenOf(url), "tangerine lamp cobalt ferry", ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().passwordCredential.count({ where: { userId } })).toBe(0);
  });
});

describe("guessing set-password link tokens", () => {
  it("is throttled per client address, and a blocked address is refused even with a real token (threat: brute-forcing links)", async () => {
    const now = new Date("2030-05-01T12:00:00Z");
    const guesser = freshIp();
    const { url } = await createLandlordAdmin("target@example.com", now);
    for (let i = 0; i < 10; i++) expect(await findOpenInvitation(randomToken(32), ctx(now, guesser))).toBeNull();
    await expect(findOpenInvitation(tokenOf(url), ctx(now, guesser))).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(acceptInvitation(tokenOf(url), "tangerine lamp cobalt ferry", ctx(now, guesser))).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    // Another address is not held back, and the guesser waits only a while.
    expect(await findOpenInvitation(tokenOf(url), ctx(now, freshIp()))).toMatchObject({ email: "target@example.com" });
    expect(await findOpenInvitation(tokenOf(url), ctx(addSeconds(now, 31), guesser))).toMatchObject({ email: "target@example.com" });
  });

  it("counts wrong tokens sent to the set-password action as guesses as well", async () => {
    const now = new Date("2030-05-01T12:00:00Z");
    const guesser = freshIp();
    for (let i = 0; i < 10; i++) await expect(acceptInvitation(randomToken(32), "tangerine lamp cobalt ferry", ctx(now, guesser))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(acceptInvitation(randomToken(32), "tangerine lamp cobalt ferry", ctx(now, guesser))).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("lets a person open their own link again and again (a right token gives its count back)", async () => {
    const now = new Date("2030-05-01T12:00:00Z");
    const ip = freshIp();
    const { url } = await createLandlordAdmin("reloader@example.com", now);
    for (let i = 0; i < 25; i++) expect(await findOpenInvitation(tokenOf(url), ctx(now, ip))).not.toBeNull();
  });
});
