import { describe, expect, it } from "vitest";
import { loginWithPassword } from "@/lib/auth/journey";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users";
import { acceptInvitation, createLandlordAdmin, findOpenInvitation, INVITATION_TTL } from "./index";

const ctx = (now = new Date()) => ({ ip: "127.0.0.1", userAgent: "vitest", now });
const tokenOf = (url: string) => url.split("/invitations/")[1]!;

describe("landlord admin set-password link", () => {
  it("creates an invited admin whose link sets the password once, then sign-in works", async () => {
    const { url, userId } = await createLandlordAdmin("  Root@Example.COM ");
    expect(url).toMatch(/^http:\/\/localhost:\d+\/invitations\/[A-Za-z0-9_-]{43}$/);
    const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
    expect(user).toMatchObject({ email: "root@example.com", status: "INVITED", isLandlordAdmin: true });
    await expect(loginWithPassword({ email: "root@example.com", password: "anything-at-all-long" }, ctx())).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });

    expect(await findOpenInvitation(tokenOf(url))).toMatchObject({ email: "root@example.com" });
    await acceptInvitation(tokenOf(url), "correct horse battery staple");
    const step = await loginWithPassword({ email: "root@example.com", password: "correct horse battery staple" }, ctx());
    expect(step.stage).toBe("user");

    // Threat: a leaked, already-used link taking the account over.
    await expect(acceptInvitation(tokenOf(url), "another long password!")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await findOpenInvitation(tokenOf(url))).toBeNull();
  });

  it("accepts a link once even when submitted twice at the same moment", async () => {
    const { url } = await createLandlordAdmin("race@example.com");
    const results = await Promise.allSettled([acceptInvitation(tokenOf(url), "first password is long"), acceptInvitation(tokenOf(url), "second password is long")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().auditEvent.count({ where: { action: "auth.password.set" } })).toBeGreaterThanOrEqual(1);
  });

  it("never brings a disabled account back (threat: an old link reopening a closed account)", async () => {
    const { url, userId } = await createLandlordAdmin("closed@example.com");
    await db().user.update({ where: { id: userId }, data: { status: "DISABLED" } });
    await expect(acceptInvitation(tokenOf(url), "a long enough password")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).status).toBe("DISABLED");
  });

  it("refuses an expired link, a short password, a malformed token and an existing address", async () => {
    const created = new Date("2026-01-01T00:00:00Z");
    const { url } = await createLandlordAdmin("late@example.com", created);
    await expect(acceptInvitation(tokenOf(url), "a long enough password", addSeconds(created, INVITATION_TTL + 1))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const fresh = await createLandlordAdmin("short@example.com");
    await expect(acceptInvitation(tokenOf(fresh.url), "too-short")).rejects.toThrow(/at least 15/);
    expect(await findOpenInvitation("../../etc/passwd")).toBeNull();
    await createUser({ email: "taken@example.com", password: "a long enough password" });
    await expect(createLandlordAdmin("taken@example.com")).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
