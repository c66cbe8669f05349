// What Gatehouse stops keeping (issue 6, item 8), with an explicit `now` on both databases:
// spent refresh tokens' encrypted replacement pairs after the grace window, ended sessions with
// their refresh tokens after a day, throttle counters whose window and block are over, and audit
// events past the retention, e-mails sent more than SENT_EMAIL_KEEP_DAYS ago.
import { describe, expect, it, vi } from "vitest";
import { recordAudit } from "@/lib/audit";
import { chainOf } from "@/lib/audit-chain";
import { verifyAuditChains } from "@/lib/audit-verify";
import { loginWithPassword, logout, refreshSession } from "@/lib/auth/journey";
import { PASSWORD_RESET_TTL, requestPasswordReset } from "@/lib/auth/password-reset";
import { reserveAttempt, throttleKeys } from "@/lib/auth/throttle";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { enqueueEmail, SENT_EMAIL_KEEP_DAYS } from "@/lib/email/outbox";
import { context, freshIp, makeUser, makeWorkspace, PASSWORD, unique } from "@/lib/testing/fixtures";
import { backgroundPurgeTick, ENDED_SESSION_KEEP_SECONDS, purgeAll, purgeOnce, purgeSchedule, SPENT_PAIR_SWEEP_SECONDS } from "./purge";

const T0 = new Date("2030-07-01T06:00:00Z");
const at = (seconds: number) => addSeconds(T0, seconds);
const HOUR = 3600;
const DAY = 24 * HOUR;

async function signIn(now: Date) {
  const user = await makeUser();
  const login = await loginWithPassword({ email: user.email, password: PASSWORD }, context(now));
  return { sessionId: login.sessionId, refreshToken: login.refreshToken! };
}

const replacements = (sessionId: string) =>
  db().refreshToken.findMany({ where: { sessionId }, orderBy: { id: "asc" }, select: { replacementEncrypted: true } }).then((rows) => rows.map((row) => row.replacementEncrypted !== null));

const sessionsLeft = (ids: string[]) => db().session.count({ where: { id: { in: ids } } });
const refreshTokensLeft = (ids: string[]) => db().refreshToken.count({ where: { sessionId: { in: ids } } });

describe("spent refresh tokens' replacement pairs", () => {
  it("are cleared by the purge once the grace window is over", async () => {
    // Threat: a database copy plus the encryption key yields the live refresh token of every session that ever rotated.
    const { sessionId, refreshToken } = await signIn(T0);
    const pair = await refreshSession(refreshToken, context(at(1)));
    await purgeOnce(at(11));
    expect(await replacements(sessionId)).toEqual([true, false]);
    await purgeOnce(at(12));
    expect(await replacements(sessionId)).toEqual([false, false]);
    // The live token is untouched by it.
    expect((await refreshSession(pair.refreshToken, context(at(13)))).stage).toBe("user");
  });

  it("are cleared by the server's background sweep, with no refresh to trigger it", async () => {
    // Threat: on an idle server (no refresh, so no purge) the pair of every session rotated since
    // the last purge stays in the database for good.
    const { sessionId, refreshToken } = await signIn(T0);
    await refreshSession(refreshToken, context(at(1)));
    await backgroundPurgeTick(at(5));
    expect(await replacements(sessionId)).toEqual([true, false]);
    expect(await backgroundPurgeTick(at(11 + SPENT_PAIR_SWEEP_SECONDS))).toBeGreaterThanOrEqual(1);
    expect(await replacements(sessionId)).toEqual([false, false]);
  });

  it("are cleared by the session's next rotation, without waiting for a purge", async () => {
    // Threat: the same, on an instance where the purge has not run yet.
    const { sessionId, refreshToken } = await signIn(T0);
    const first = await refreshSession(refreshToken, context(at(1)));
    await refreshSession(first.refreshToken, context(at(9 * 60)));
    // The newest spent token keeps its pair for its own grace window; the older one is gone.
    expect(await replacements(sessionId)).toEqual([false, true, false]);
  });
});

describe("ended sessions", () => {
  it("are deleted with their refresh tokens a day after they end (revoked, timed out or expired), and live ones stay", async () => {
    // Threat: every session and token hash of every user kept forever in a database that may leak.
    const loggedOut = await signIn(T0);
    await logout(loggedOut.sessionId, context(at(60)));
    const expired = await signIn(T0);
    const idle = await signIn(T0);
    // Noticed idle (60 minutes after its sign-in) on a refresh at two hours.
    await expect(refreshSession(idle.refreshToken, context(at(2 * HOUR)))).rejects.toMatchObject({ code: "SESSION_ENDED" });
    const all = [loggedOut.sessionId, expired.sessionId, idle.sessionId];

    await purgeOnce(at(60 + ENDED_SESSION_KEEP_SECONDS - 1));
    expect(await sessionsLeft(all)).toBe(3);

    await purgeOnce(at(HOUR + ENDED_SESSION_KEEP_SECONDS + 1));
    expect(await sessionsLeft([loggedOut.sessionId, idle.sessionId])).toBe(0);
    expect(await refreshTokensLeft([loggedOut.sessionId, idle.sessionId])).toBe(0);
    expect(await sessionsLeft([expired.sessionId])).toBe(1);

    const live = await signIn(at(12 * HOUR + DAY));
    const counts = await purgeOnce(at(12 * HOUR + DAY + 1));
    expect(counts.sessions).toBeGreaterThanOrEqual(1);
    expect(await sessionsLeft(all)).toBe(0);
    expect(await refreshTokensLeft(all)).toBe(0);
    expect(await sessionsLeft([live.sessionId])).toBe(1);
  });
});

describe("password-reset links", () => {
  it("are deleted a day after they expire, and open ones stay", async () => {
    // Threat: every reset link's hash and its user kept forever (who asked when) in a database that may leak.
    const old = await makeUser();
    const fresh = await makeUser();
    await requestPasswordReset(old.email, context(T0, freshIp()));
    const links = (user: { id: number }) => db().passwordResetToken.count({ where: { userId: user.id } });
    await purgeOnce(at(PASSWORD_RESET_TTL + ENDED_SESSION_KEEP_SECONDS - 1));
    expect(await links(old)).toBe(1);
    await requestPasswordReset(fresh.email, context(at(DAY), freshIp()));
    const counts = await purgeOnce(at(PASSWORD_RESET_TTL + ENDED_SESSION_KEEP_SECONDS + 1));
    expect(counts.passwordResetTokens).toBeGreaterThanOrEqual(1);
    expect(await links(old)).toBe(0);
    expect(await links(fresh)).toBe(1);
  });
});

describe("outbox e-mails", () => {
  it("are deleted SENT_EMAIL_KEEP_DAYS after they were sent; queued and failed ones stay", async () => {
    // Threat: every message ever sent (addresses, names, sealed links) kept forever in a database that may leak.
    const enqueue = (to: string) => db().$transaction((tx) => enqueueEmail(tx, { to, template: "password-changed", props: { changedAt: T0.toISOString() }, now: T0 }));
    const sent = await enqueue(`${unique("sent")}@example.test`);
    const queued = await enqueue(`${unique("queued")}@example.test`);
    const failed = await enqueue(`${unique("failed")}@example.test`);
    await db().outboxEmail.update({ where: { id: sent.id }, data: { status: "SENT", sentAt: T0 } });
    await db().outboxEmail.update({ where: { id: failed.id }, data: { status: "FAILED" } });
    const left = async () => (await db().outboxEmail.findMany({ where: { id: { in: [sent.id, queued.id, failed.id] } }, select: { id: true }, orderBy: { id: "asc" } })).map((row) => row.id);

    await purgeOnce(at(SENT_EMAIL_KEEP_DAYS * DAY - 1));
    expect(await left()).toEqual([sent.id, queued.id, failed.id]);
    const counts = await purgeOnce(at(SENT_EMAIL_KEEP_DAYS * DAY + 1));
    expect(counts.sentEmails).toBeGreaterThanOrEqual(1);
    expect(await left()).toEqual([queued.id, failed.id]);
  });
});

describe("throttle counters", () => {
  it("are deleted once both their window and their block are over, and kept while either runs", async () => {
    // Threat: one row per e-mail address and client address ever tried, kept forever (a list of who tried what).
    const quiet = throttleKeys.loginAccount(`${unique("quiet")}@example.test`);
    const blocked = throttleKeys.loginAccount(`${unique("blocked")}@example.test`);
    const recent = throttleKeys.loginAccount(`${unique("recent")}@example.test`);
    await reserveAttempt([quiet], T0);
    // The fifth failure sets a 15-second block.
    for (let attempt = 0; attempt < 5; attempt++) await reserveAttempt([blocked], T0);
    await reserveAttempt([recent], at(10 * 60));
    const left = async () => (await db().throttleCounter.findMany({ where: { key: { in: [quiet.key, blocked.key, recent.key] } }, select: { key: true } })).map((row) => row.key).sort();

    await purgeOnce(at(15 * 60));
    expect(await left()).toEqual([blocked.key, quiet.key, recent.key].sort());
    // Window over for both, but the block ended only 15 minutes minus 5 seconds ago.
    await purgeOnce(at(15 * 60 + 10));
    expect(await left()).toEqual([blocked.key, recent.key].sort());
    await purgeOnce(at(15 * 60 + 16));
    expect(await left()).toEqual([recent.key]);
  });

  it("are all deleted by purgeAll, batch after batch", async () => {
    // Threat: a backlog larger than one batch left behind by `npm run db:purge`.
    const keys = Array.from({ length: 5 }, () => throttleKeys.loginAccount(`${unique("batch")}@example.test`));
    for (const key of keys) await reserveAttempt([key], T0);
    const counts = await purgeAll(at(HOUR), { batchSize: 2 });
    expect(counts.throttleCounters).toBeGreaterThanOrEqual(5);
    expect(await db().throttleCounter.count({ where: { key: { in: keys.map((key) => key.key) } } })).toBe(0);
  });
});

describe("audit events", () => {
  it("are deleted once older than the retention (400 days by default), and kept until then", async () => {
    // Threat: personal data (addresses, user agents, e-mail addresses) in the audit log kept without limit.
    const user = await makeUser();
    await recordAudit({ action: "auth.logout", actorUserId: user.id, ip: "198.51.100.1" });
    const event = await db().auditEvent.findFirstOrThrow({ where: { actorUserId: user.id, action: "auth.logout" } });
    const retention = 400 * DAY;

    await purgeOnce(addSeconds(event.createdAt, retention - 60));
    expect(await db().auditEvent.count({ where: { id: event.id } })).toBe(1);
    await purgeOnce(addSeconds(event.createdAt, retention + 60));
    expect(await db().auditEvent.count({ where: { id: event.id } })).toBe(0);
  });
});

describe("audit chains after the purge", () => {
  it("are cut at the front, batch by batch, and verify from the oldest event kept", async () => {
    // Threat: a purge that leaves a hole in a chain (indistinguishable from a deleted event), or a verifier that calls every purge tampering.
    const now = at(401 * DAY);
    await purgeAll(now); // what earlier tests left, so each pass below takes this chain's oldest event
    const { id } = await makeWorkspace();
    const chain = chainOf(id);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(T0);
      for (let i = 0; i < 3; i += 1) await recordAudit({ action: "workspace.updated", workspaceId: id, metadata: { i } });
      vi.setSystemTime(at(10 * DAY));
      for (let i = 3; i < 5; i += 1) await recordAudit({ action: "workspace.updated", workspaceId: id, metadata: { i } });
    } finally {
      vi.useRealTimers();
    }
    const rows = await db().auditEvent.findMany({ where: { chain }, orderBy: { seq: "asc" }, select: { seq: true, hash: true } });
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    // Past the retention of the first four events (workspace.created and three more), not of the last two; one event per pass.
    const kept: Array<Array<number | null>> = [];
    for (let pass = 0; pass < 5; pass += 1) {
      await purgeOnce(now, { batchSize: 1 });
      kept.push((await db().auditEvent.findMany({ where: { chain }, orderBy: { seq: "asc" }, select: { seq: true } })).map((row) => row.seq));
      expect((await verifyAuditChains({ chain })).ok).toBe(true);
    }
    expect(kept.slice(0, 4)).toEqual([[2, 3, 4, 5, 6], [3, 4, 5, 6], [4, 5, 6], [5, 6]]);
    expect(kept[4]).toEqual([5, 6]);
    expect((await verifyAuditChains({ chain })).chains[0]).toMatchObject({ ok: true, events: 2, firstSeq: 5, anchor: rows[3]!.hash, head: { seq: 6 } });
  });
});

describe("the server's schedule", () => {
  it("runs a purge at most once per interval, the first one interval after start, never on every request", () => {
    // Threat: a purge on every request (a write lock per request), or none at all.
    const schedule = purgeSchedule(T0, 600);
    expect([at(0), at(599)].map((now) => schedule.claim(now))).toEqual([false, false]);
    expect(schedule.claim(at(600))).toBe(true);
    expect([at(601), at(1199)].map((now) => schedule.claim(now))).toEqual([false, false]);
    expect(schedule.claim(at(1200))).toBe(true);
  });
});
