import "server-only";
import { RULES } from "@/lib/auth/throttle";
import { addSeconds } from "@/lib/clock";
import { db } from "@/lib/db/client";
import { SENT_EMAIL_KEEP_DAYS } from "@/lib/email/outbox";
import { retentionEnv } from "@/lib/env";
import { clearSpentReplacements } from "@/lib/tokens/refresh";

// Rows that are no longer needed are deleted, and secrets that are no longer needed are cleared:
// a copy of the database should hold as little as the product can do without. Runs in the server
// (startBackgroundPurge, from instrumentation.ts: spent refresh pairs cleared every
// SPENT_PAIR_SWEEP_SECONDS, a full purge at most once per PURGE_INTERVAL_SECONDS per process)
// and as `npm run db:purge`.

/**
 * An ended session (revoked, expired, or timed out idle) is kept a day, with its refresh-token
 * rows, so "why was I signed out?" can be answered from the row the same day and a spent token
 * still ends in SESSION_ENDED; the audit log keeps the lasting record.
 */
export const ENDED_SESSION_KEEP_SECONDS = 24 * 60 * 60;
/** The server purges at most this often; the first run is one interval after the process starts. */
export const PURGE_INTERVAL_SECONDS = 10 * 60;
/** Hourly API-key usage rows are kept this long (the list shows 30 days). */
export const API_KEY_USAGE_KEEP_DAYS = 31;
/** Rows of each kind deleted per pass, so one pass never holds a long write lock. */
export const PURGE_BATCH_SIZE = 500;

export interface PurgeCounts {
  replacementsCleared: number;
  sessions: number;
  refreshTokens: number;
  throttleCounters: number;
  auditEvents: number;
  passwordResetTokens: number;
  sentEmails: number;
  apiKeyUsage: number;
}

/** A counter's last activity is its window start or, once blocked, the end of its block. */
const THROTTLE_QUIET_SECONDS = Math.max(...Object.values(RULES).map((rule) => rule.window));

/**
 * One bounded pass at `now`: clears the replacement pairs of spent refresh tokens past the grace
 * window, and deletes at most `batchSize` of each: sessions ended more than a day ago (with their
 * refresh tokens), throttle counters whose window and block are both over, audit events older
 * than AUDIT_RETENTION_DAYS, and password-reset links expired more than a day ago (used,
 * superseded or not, every link expires 30 minutes after it was asked for; kept a day, like an
 * ended session, so a spent link still answers GONE that day), and e-mails sent more than
 * SENT_EMAIL_KEEP_DAYS ago (a failed one stays until someone resends it).
 */
export async function purgeOnce(now: Date, { batchSize = PURGE_BATCH_SIZE } = {}): Promise<PurgeCounts> {
  const replacementsCleared = await clearSpentReplacements(db(), now);

  const endedBefore = addSeconds(now, -ENDED_SESSION_KEEP_SECONDS);
  // Idle sessions are revoked when a request notices them; one never seen again ends at its expiry.
  const ended = { OR: [{ revokedAt: { lt: endedBefore } }, { expiresAt: { lt: endedBefore } }] };
  const sessionIds = (await db().session.findMany({ where: ended, select: { id: true }, take: batchSize })).map((session) => session.id);
  const [refreshTokens, sessions] = sessionIds.length
    ? await db().$transaction([db().refreshToken.deleteMany({ where: { sessionId: { in: sessionIds } } }), db().session.deleteMany({ where: { id: { in: sessionIds }, ...ended } })])
    : [{ count: 0 }, { count: 0 }];

  const quietBefore = addSeconds(now, -THROTTLE_QUIET_SECONDS);
  // Re-checked on delete: a counter that took an attempt since it was listed stays.
  const stale = { windowStart: { lt: quietBefore }, OR: [{ blockedUntil: null }, { blockedUntil: { lt: quietBefore } }] };
  const counterKeys = (await db().throttleCounter.findMany({ where: stale, select: { key: true }, take: batchSize })).map((counter) => counter.key);
  const throttleCounters = counterKeys.length ? (await db().throttleCounter.deleteMany({ where: { key: { in: counterKeys }, ...stale } })).count : 0;

  const retainedFrom = addSeconds(now, -retentionEnv().auditRetentionDays * 24 * 60 * 60);
  // Oldest first: within a chain time never runs backwards (lib/audit.ts), so each pass cuts every
  // chain at its front and never leaves a hole; verification anchors at the oldest event kept.
  const eventIds = (await db().auditEvent.findMany({ where: { createdAt: { lt: retainedFrom } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true }, take: batchSize })).map((event) => event.id);
  const auditEvents = eventIds.length ? (await db().auditEvent.deleteMany({ where: { id: { in: eventIds } } })).count : 0;

  const expiredLink = { expiresAt: { lt: endedBefore } };
  const linkIds = (await db().passwordResetToken.findMany({ where: expiredLink, select: { id: true }, take: batchSize })).map((link) => link.id);
  const passwordResetTokens = linkIds.length ? (await db().passwordResetToken.deleteMany({ where: { id: { in: linkIds }, ...expiredLink } })).count : 0;

  const sentLongAgo = { status: "SENT", sentAt: { lt: addSeconds(now, -SENT_EMAIL_KEEP_DAYS * 24 * 60 * 60) } };
  const emailIds = (await db().outboxEmail.findMany({ where: sentLongAgo, select: { id: true }, take: batchSize })).map((email) => email.id);
  const sentEmails = emailIds.length ? (await db().outboxEmail.deleteMany({ where: { id: { in: emailIds }, ...sentLongAgo } })).count : 0;

  // Hourly API-key counts feed the 30-day view and the week-long rate baseline: 31 days is enough.
  const oldHour = { hour: { lt: addSeconds(now, -API_KEY_USAGE_KEEP_DAYS * 24 * 60 * 60) } };
  const usageRows = await db().apiKeyUsage.findMany({ where: oldHour, select: { apiKeyId: true, hour: true }, take: batchSize });
  const apiKeyUsage = usageRows.length ? (await db().apiKeyUsage.deleteMany({ where: { OR: usageRows } })).count : 0;

  return { replacementsCleared, sessions: sessions.count, refreshTokens: refreshTokens.count, throttleCounters, auditEvents, passwordResetTokens, sentEmails, apiKeyUsage };
}

/** Passes until nothing is left to purge (`npm run db:purge`); the totals. */
export async function purgeAll(now: Date, options: { batchSize?: number } = {}): Promise<PurgeCounts> {
  const batchSize = options.batchSize ?? PURGE_BATCH_SIZE;
  const total: PurgeCounts = { replacementsCleared: 0, sessions: 0, refreshTokens: 0, throttleCounters: 0, auditEvents: 0, passwordResetTokens: 0, sentEmails: 0, apiKeyUsage: 0 };
  for (;;) {
    const pass = await purgeOnce(now, { batchSize });
    for (const kind of Object.keys(total) as Array<keyof PurgeCounts>) total[kind] += pass[kind];
    if (pass.sessions < batchSize && pass.throttleCounters < batchSize && pass.auditEvents < batchSize && pass.passwordResetTokens < batchSize && pass.sentEmails < batchSize && pass.apiKeyUsage < batchSize) return total;
  }
}

/** Decides when the next purge is due: at most once per `intervalSeconds`, the first one interval after `startedAt`. */
export function purgeSchedule(startedAt: Date, intervalSeconds = PURGE_INTERVAL_SECONDS): { claim(now: Date): boolean } {
  let next = addSeconds(startedAt, intervalSeconds);
  return {
    /** True (and the next run moved an interval on) when a purge is due at `now`. */
    claim(now) {
      if (now.getTime() < next.getTime()) return false;
      next = addSeconds(now, intervalSeconds);
      return true;
    },
  };
}

const processSchedule = purgeSchedule(new Date());

/**
 * Starts one bounded purge in the background when this process's schedule says one is due. It
 * runs on the process's own clock, never a request's, and a failure is logged, never the
 * caller's: the request that happened to trigger it is already answered.
 */
export function purgeWhenDue(): void {
  const now = new Date();
  if (!processSchedule.claim(now)) return;
  purgeOnce(now).catch((error: unknown) => {
    console.error("gatehouse: purge failed:", error instanceof Error ? error.name : typeof error);
  });
}

/**
 * How often the server clears the refresh pairs whose grace window is over. A pair holds the
 * session's live refresh token (encrypted): the sweep, not the next refresh, bounds how long a
 * database copy plus the key could yield it — an idle server never refreshes.
 */
export const SPENT_PAIR_SWEEP_SECONDS = 30;

/** One tick of the server's background purge at `now`: the spent pairs, then a purge if due. */
export async function backgroundPurgeTick(now: Date): Promise<number> {
  const cleared = await clearSpentReplacements(db(), now);
  purgeWhenDue();
  return cleared;
}

const globalForPurge = globalThis as unknown as { gatehousePurgeTimer?: NodeJS.Timeout };

/** Starts this process's background purge once (a development reload keeps the first). */
export function startBackgroundPurge(): void {
  globalForPurge.gatehousePurgeTimer ??= setInterval(() => {
    backgroundPurgeTick(new Date()).catch((error: unknown) => {
      console.error("gatehouse: clearing spent refresh pairs failed:", error instanceof Error ? error.name : typeof error);
    });
  }, SPENT_PAIR_SWEEP_SECONDS * 1000).unref();
}
