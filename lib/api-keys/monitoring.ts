import "server-only";
import { recordAudit } from "@/lib/audit";
import { addSeconds } from "@/lib/clock";
import { db, type Tx } from "@/lib/db/client";
import { enqueueEmail } from "@/lib/email/outbox";
import type { ApiKeyAlert } from "@/emails/api-key-alert";
import { SUPERUSER_KEY } from "@/lib/workspaces/members";

// What watching a key's use raises: an audit event and an e-mail (through the outbox, in the same
// transaction) to each ACTIVE superuser of its workspace. The flush calls the first two as it
// writes the counts; the expiry sweep runs with the server's other periodic jobs.

/** An hour "far above usual": more than this many requests, and ten times the mean hour of the week before. */
export const RATE_JUMP_FLOOR = 100;
export const RATE_JUMP_FACTOR = 10;
/** The "expires in 7 days" notice goes out once per key, this long ahead. */
export const EXPIRY_NOTICE_SECONDS = 7 * 24 * 60 * 60;

export interface WatchedKey {
  id: number;
  workspaceId: number;
  name: string;
  prefix: string;
}

/** Whether `requests` in one hour is a jump over a week whose hours held `weekTotal` requests. */
export function isRateJump(requests: number, weekTotal: number): boolean {
  return requests > Math.max(RATE_JUMP_FLOOR, RATE_JUMP_FACTOR * (weekTotal / (7 * 24)));
}

/** Raises `alert` for `key`: the audit event (acting: the key) and the superusers' e-mails. */
export async function raiseApiKeyAlert(tx: Tx, key: WatchedKey, alert: ApiKeyAlert, details: { at: Date; ip: string | null; requests: number | null }, now: Date): Promise<void> {
  const action = alert === "new_address" ? "api_key.used_from_new_address" : alert === "rate_jump" ? "api_key.rate_jump" : "api_key.expiring";
  await recordAudit(
    {
      action,
      workspaceId: key.workspaceId,
      actorApiKeyId: alert === "expiring" ? null : key.id,
      ip: details.ip,
      targetType: "api_key",
      targetId: key.id,
      metadata: { prefix: key.prefix, name: key.name, at: details.at.toISOString(), ...(details.requests !== null && { requests: details.requests }) },
    },
    tx,
  );
  const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: key.workspaceId }, select: { name: true, subdomain: true } });
  const superusers = await tx.membership.findMany({ where: { workspaceId: key.workspaceId, role: { key: SUPERUSER_KEY, builtIn: true }, user: { status: "ACTIVE" } }, select: { user: { select: { email: true } } } });
  for (const { user } of superusers) {
    await enqueueEmail(tx, {
      to: user.email,
      template: "api-key-alert",
      props: { alert, workspaceName: workspace.name, subdomain: workspace.subdomain, keyName: key.name, keyPrefix: key.prefix, at: details.at.toISOString(), ipAddress: details.ip, requests: details.requests },
      workspaceId: key.workspaceId,
      now,
    });
  }
}

/**
 * Sends the "expires in 7 days" notice of every live key expiring within 7 days of `now` that has
 * not had it, once: each is claimed by a conditional write of `expiryNoticeAt`, so two instances
 * sweeping together notify once. Returns how many went out.
 */
export async function sendApiKeyExpiryNotices(now: Date): Promise<number> {
  const due = await db().apiKey.findMany({
    where: { expiresAt: { gt: now, lte: addSeconds(now, EXPIRY_NOTICE_SECONDS) }, expiryNoticeAt: null, revokedAt: null, rotatedAt: null },
    select: { id: true, workspaceId: true, name: true, prefix: true, expiresAt: true },
    take: 100,
  });
  let sent = 0;
  for (const key of due) {
    const claimed = await db().$transaction(async (tx) => {
      const claim = await tx.apiKey.updateMany({ where: { id: key.id, expiryNoticeAt: null }, data: { expiryNoticeAt: now } });
      if (claim.count !== 1) return false;
      await raiseApiKeyAlert(tx, key, "expiring", { at: key.expiresAt!, ip: null, requests: null }, now);
      return true;
    });
    if (claimed) sent++;
  }
  return sent;
}
