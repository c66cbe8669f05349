import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { addSeconds } from "@/lib/clock";
import { decrypt, encrypt } from "@/lib/crypto";
import { db, type Tx } from "@/lib/db/client";
import { appEnv } from "@/lib/env";
import { emailSchema } from "@/lib/validation";
import { isEmailTemplateName, parseEmailProps, renderEmail, type EmailProps, type EmailTemplateName } from "./templates";
import { deliver, type DeliveryResult } from "./transport";

// The transactional outbox. An e-mail is a row written in the transaction of the change that
// causes it (an invitation and its e-mail commit or roll back together); the sender delivers
// rows afterwards and retries with exponential backoff, so a provider outage, a timeout or a
// 5xx loses nothing. Several Gatehouse processes may drain one database: a row is claimed with
// a lease in one conditional update, and every try carries the row's idempotency key, so a
// retry after a lost answer (or after a lease ran out mid-send) is not delivered twice.

/** Tries before a row is marked FAILED ("delivery failed"); with the backoff below, about an hour. */
export const MAX_ATTEMPTS = 8;
/** The first retry waits this long; each further one twice as long, up to RETRY_MAX_SECONDS. */
export const RETRY_BASE_SECONDS = 30;
export const RETRY_MAX_SECONDS = 60 * 60;
/** One provider call gives up after this long; the row is retried like an outage. */
export const SEND_TIMEOUT_MS = 10_000;
/** Rows claimed per drain. */
export const DRAIN_BATCH_SIZE = 20;

/** The wait before the next try once `attempts` tries have failed (1 → 30 s, 2 → 60 s, …, capped). */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(RETRY_BASE_SECONDS * 2 ** Math.max(attempts - 1, 0), RETRY_MAX_SECONDS);
}

/** Sent rows are deleted after this long: longer than any invitation link lives (at most 30 days), so an open invitation never loses its "sent" status. */
export const SENT_EMAIL_KEEP_DAYS = 31;

// The props hold one-time links (an invitation's or a reset's raw token, stored nowhere else
// but hashed), so the payload is sealed: someone who can read the database, or a backup of it,
// cannot take over an account from the outbox. The recipient and template are the additional
// data, so a payload copied to a row addressed elsewhere does not decrypt.
function sealOwner(row: { to: string; template: string }): string {
  return `${row.template}:${row.to}`;
}

/** The template props of an outbox row, unsealed. */
export function outboxProps(row: { to: string; template: string; payload: string }): unknown {
  return JSON.parse(decrypt(row.payload, "outbox-payload", sealOwner(row)));
}

/**
 * Writes an e-mail to the outbox inside the caller's transaction. The props are checked here,
 * so a bad call fails with the change that causes it; `to` goes through the one e-mail primitive.
 */
export async function enqueueEmail<T extends EmailTemplateName>(
  tx: Tx,
  { to, template, props, workspaceId, now = new Date() }: { to: string; template: T; props: EmailProps<T>; workspaceId?: number; now?: Date },
): Promise<{ id: number }> {
  const address = emailSchema.parse(to);
  const row = await tx.outboxEmail.create({
    data: {
      to: address,
      template,
      payload: encrypt(JSON.stringify(parseEmailProps(template, props)), "outbox-payload", sealOwner({ to: address, template })),
      workspaceId: workspaceId ?? null,
      idempotencyKey: `gatehouse-email-${randomUUID()}`,
      nextAttemptAt: now,
      createdAt: now,
    },
    select: { id: true },
  });
  return row;
}

export interface DrainCounts {
  claimed: number;
  sent: number;
  /** Failed this time, to be tried again after the backoff. */
  retrying: number;
  /** Gave up: the last try failed, or the provider refused the e-mail for good. */
  failed: number;
}

export interface DrainOptions {
  /** The instant the drain acts at: due rows, lease and backoff are computed from it. */
  now: Date;
  /** Who drains (a process name); the lease names it, with a claim id of its own. */
  owner: string;
  limit?: number;
  sendTimeoutMs?: number;
}

/**
 * One pass of the sender: claims up to `limit` due rows (PENDING, `nextAttemptAt` reached, not
 * leased or the lease ran out), renders and delivers each, and records the outcome only while
 * it still holds the lease.
 */
export async function drainOutbox({ now, owner, limit = DRAIN_BATCH_SIZE, sendTimeoutMs = SEND_TIMEOUT_MS }: DrainOptions): Promise<DrainCounts> {
  const counts: DrainCounts = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  const claimId = `${owner}:${randomBytes(6).toString("hex")}`;
  // The lease outlasts the whole batch sent one by one, so a slow provider does not hand a row
  // still being sent to another drainer (which the idempotency key would make harmless anyway).
  const leaseUntil = new Date(now.getTime() + limit * sendTimeoutMs + 30_000);
  const due = { status: "PENDING", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] };
  const candidates = await db().outboxEmail.findMany({ where: due, orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }], take: limit, select: { id: true } });
  if (candidates.length === 0) return counts;
  // The claim: the condition is checked again row by row by the database, so of two drainers
  // that listed the same rows each row goes to exactly one.
  await db().outboxEmail.updateMany({ where: { id: { in: candidates.map((row) => row.id) }, ...due }, data: { leaseOwner: claimId, leaseUntil } });
  const rows = await db().outboxEmail.findMany({ where: { leaseOwner: claimId }, orderBy: { id: "asc" } });
  counts.claimed = rows.length;

  for (const row of rows) {
    const result = await renderAndDeliver(row, sendTimeoutMs);
    const attempts = row.attempts + 1;
    const held = { id: row.id, leaseOwner: claimId };
    const released = { leaseOwner: null, leaseUntil: null, attempts };
    if (result.ok) {
      await db().outboxEmail.updateMany({ where: held, data: { ...released, status: "SENT", sentAt: now, provider: result.provider, providerMessageId: result.messageId, lastError: null } });
      counts.sent++;
    } else if (result.retryable && attempts < MAX_ATTEMPTS) {
      await db().outboxEmail.updateMany({ where: held, data: { ...released, nextAttemptAt: addSeconds(now, retryDelaySeconds(attempts)), lastError: result.error.slice(0, 500) } });
      counts.retrying++;
    } else {
      await db().outboxEmail.updateMany({ where: held, data: { ...released, status: "FAILED", lastError: result.error.slice(0, 500) } });
      counts.failed++;
    }
  }
  return counts;
}

async function renderAndDeliver(row: { to: string; template: string; payload: string; idempotencyKey: string }, timeoutMs: number): Promise<DeliveryResult> {
  if (!isEmailTemplateName(row.template)) return { ok: false, retryable: false, error: `unknown template ${row.template}` };
  let message;
  try {
    message = await renderEmail(row.template, outboxProps(row), { appUrl: appEnv().appUrl });
  } catch (error) {
    // Retried like an outage: a deploy or a configuration fix may make it render; after the
    // last try it is FAILED and visible like any other.
    return { ok: false, retryable: true, error: `render failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  return deliver({ ...message, to: row.to }, { idempotencyKey: row.idempotencyKey, timeoutMs });
}

/**
 * Makes a FAILED e-mail deliverable again (a person asked to resend it): PENDING, due at `now`,
 * a fresh retry budget and a new idempotency key, since it is a new delivery and its content may
 * have changed with a deploy (Resend refuses a reused key with another body). False when the
 * row is not FAILED.
 */
export async function resendEmail(id: number, now = new Date()): Promise<boolean> {
  const { count } = await db().outboxEmail.updateMany({
    where: { id, status: "FAILED" },
    data: { status: "PENDING", attempts: 0, nextAttemptAt: now, lastError: null, idempotencyKey: `gatehouse-email-${randomUUID()}`, leaseOwner: null, leaseUntil: null },
  });
  return count === 1;
}

export type DeliveryStatus = "QUEUED" | "SENT" | "DELIVERY_FAILED";

/** What the UI shows about one e-mail (an invitation's "queued, sent, delivery failed"); null when unknown. */
export async function emailDeliveryStatus(id: number): Promise<{ status: DeliveryStatus; attempts: number; lastError: string | null; nextAttemptAt: Date | null; sentAt: Date | null } | null> {
  const row = await db().outboxEmail.findUnique({ where: { id }, select: { status: true, attempts: true, lastError: true, nextAttemptAt: true, sentAt: true } });
  if (!row) return null;
  const status: DeliveryStatus = row.status === "SENT" ? "SENT" : row.status === "FAILED" ? "DELIVERY_FAILED" : "QUEUED";
  return { status, attempts: row.attempts, lastError: row.lastError, nextAttemptAt: status === "QUEUED" ? row.nextAttemptAt : null, sentAt: row.sentAt };
}
