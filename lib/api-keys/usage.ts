import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { countApiKeyRequest } from "@/lib/metrics/process-metrics";
import { isRateJump, raiseApiKeyAlert, sendApiKeyExpiryNotices } from "./monitoring";

// Usage accounting without a database write per request: each process counts in memory, per key,
// the requests per UTC hour, the addresses and the last use, and flushes at most once a minute
// (flushApiKeyUsage). A crash loses at most that minute's counts and last-use times, never a
// revocation, expiry or rotation: those are read from the key's row on every request.

interface PendingUse {
  /** Start of the UTC hour (ms) → requests in it. */
  hours: Map<number, number>;
  /** Address → first and last time seen since the last flush. */
  addresses: Map<string, { first: Date; last: Date }>;
  lastUsedAt: Date;
  lastUsedIp: string | null;
}

const HOUR_MS = 60 * 60 * 1000;

// On globalThis: every route bundle of the server shares one tally (and one flush).
const state = globalThis as unknown as { gatehouseApiKeyUse?: Map<number, PendingUse> };

function pending(): Map<number, PendingUse> {
  state.gatehouseApiKeyUse ??= new Map();
  return state.gatehouseApiKeyUse;
}

/** Counts one request of key `id` from `ip` at `now`, in memory only. */
export function recordApiKeyUse(id: number, ip: string | null, now: Date): void {
  countApiKeyRequest();
  const use = pending().get(id) ?? { hours: new Map(), addresses: new Map(), lastUsedAt: now, lastUsedIp: ip };
  const hour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  use.hours.set(hour, (use.hours.get(hour) ?? 0) + 1);
  if (ip) {
    const seen = use.addresses.get(ip);
    use.addresses.set(ip, { first: seen?.first ?? now, last: now });
  }
  if (now.getTime() >= use.lastUsedAt.getTime()) {
    use.lastUsedAt = now;
    use.lastUsedIp = ip;
  }
  pending().set(id, use);
}

/** Puts counts that could not be written back into the tally, to go out with the next flush. */
function restore(id: number, use: PendingUse): void {
  const current = pending().get(id);
  if (!current) {
    pending().set(id, use);
    return;
  }
  for (const [hour, requests] of use.hours) current.hours.set(hour, (current.hours.get(hour) ?? 0) + requests);
  for (const [ip, seen] of use.addresses) {
    const now = current.addresses.get(ip);
    current.addresses.set(ip, { first: now && now.first < seen.first ? now.first : seen.first, last: now && now.last > seen.last ? now.last : seen.last });
  }
  if (use.lastUsedAt > current.lastUsedAt) {
    current.lastUsedAt = use.lastUsedAt;
    current.lastUsedIp = use.lastUsedIp;
  }
}

export interface FlushCounts {
  keys: number;
  requests: number;
  newAddresses: number;
  rateJumps: number;
}

/**
 * Writes this process's tally (and starts a new one): per key, in one transaction, the hourly
 * counts added to ApiKeyUsage, the addresses into ApiKeyAddress, `lastUsedAt`/`lastUsedIp` when
 * later than the stored ones; and at the same time the monitoring: an address the key never used
 * before (not its very first: that is the baseline) and an hour far above its usual rate
 * (monitoring.ts, once per key and hour through `rateAlertAt`). A key whose write fails keeps its
 * counts for the next flush; a deleted key's are dropped.
 */
export async function flushApiKeyUsage(now: Date): Promise<FlushCounts> {
  const taken = pending();
  state.gatehouseApiKeyUse = new Map();
  const counts: FlushCounts = { keys: 0, requests: 0, newAddresses: 0, rateJumps: 0 };
  for (const [id, use] of taken) {
    try {
      const written = await db().$transaction((tx) => flushKey(tx, id, use, now));
      if (!written) continue;
      counts.keys++;
      counts.requests += [...use.hours.values()].reduce((sum, n) => sum + n, 0);
      counts.newAddresses += written.newAddresses;
      counts.rateJumps += written.rateJump ? 1 : 0;
    } catch (error) {
      restore(id, use);
      console.error("gatehouse: flushing API key usage failed:", error instanceof Error ? error.name : typeof error);
    }
  }
  return counts;
}

async function flushKey(tx: Tx, id: number, use: PendingUse, now: Date): Promise<{ newAddresses: number; rateJump: boolean } | null> {
  const key = await tx.apiKey.findUnique({ where: { id }, select: { id: true, workspaceId: true, name: true, prefix: true, rateAlertAt: true } });
  if (!key) return null;
  for (const [hour, requests] of use.hours) {
    await tx.apiKeyUsage.upsert({ where: { apiKeyId_hour: { apiKeyId: id, hour: new Date(hour) } }, create: { apiKeyId: id, hour: new Date(hour), requests }, update: { requests: { increment: requests } } });
  }

  const ips = [...use.addresses.keys()];
  const known = new Set((await tx.apiKeyAddress.findMany({ where: { apiKeyId: id, ip: { in: ips } }, select: { ip: true } })).map((row) => row.ip));
  const firstUse = known.size === 0 && (await tx.apiKeyAddress.count({ where: { apiKeyId: id } })) === 0;
  const fresh = [...use.addresses].filter(([ip]) => !known.has(ip));
  for (const [ip, seen] of use.addresses) {
    if (known.has(ip)) await tx.apiKeyAddress.update({ where: { apiKeyId_ip: { apiKeyId: id, ip } }, data: { lastSeenAt: seen.last } });
    else await tx.apiKeyAddress.create({ data: { apiKeyId: id, ip, firstSeenAt: seen.first, lastSeenAt: seen.last } });
  }
  // The key's very first address is its baseline, not an alert; every later new one is.
  const alerted = firstUse ? fresh.slice(1) : fresh;
  for (const [ip, seen] of alerted) await raiseApiKeyAlert(tx, key, "new_address", { at: seen.first, ip, requests: null }, now);
  const newAddresses = alerted.length;

  await tx.apiKey.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: use.lastUsedAt } }] }, data: { lastUsedAt: use.lastUsedAt, lastUsedIp: use.lastUsedIp } });

  // The latest hour of this tally against the week before it.
  const hour = Math.max(...use.hours.keys());
  const thisHour = await tx.apiKeyUsage.findUniqueOrThrow({ where: { apiKeyId_hour: { apiKeyId: id, hour: new Date(hour) } }, select: { requests: true } });
  let rateJump = false;
  if (!key.rateAlertAt || key.rateAlertAt.getTime() < hour) {
    const week = await tx.apiKeyUsage.aggregate({ where: { apiKeyId: id, hour: { gte: new Date(hour - 7 * 24 * HOUR_MS), lt: new Date(hour) } }, _sum: { requests: true } });
    if (isRateJump(thisHour.requests, week._sum.requests ?? 0)) {
      // Claimed, so two instances flushing the same hour alert once.
      const claim = await tx.apiKey.updateMany({ where: { id, OR: [{ rateAlertAt: null }, { rateAlertAt: { lt: new Date(hour) } }] }, data: { rateAlertAt: now } });
      if (claim.count === 1) {
        await raiseApiKeyAlert(tx, key, "rate_jump", { at: new Date(hour), ip: use.lastUsedIp, requests: thisHour.requests }, now);
        rateJump = true;
      }
    }
  }
  return { newAddresses, rateJump };
}

/** How often the server flushes the tally. */
export const USAGE_FLUSH_SECONDS = 60;
/** How often the server sweeps for keys about to expire. */
export const EXPIRY_SWEEP_SECONDS = 10 * 60;

/** The server's flush and sweep; `stop` flushes one last time (graceful shutdown). */
export interface ApiKeyUsageJobs {
  stop(): Promise<void>;
}

// On globalThis, like the e-mail sender: a development reload keeps one, and the HTTP server
// (scripts/lib/http-server.mjs) stops it on shutdown, before the sender and the database.
const globalForJobs = globalThis as unknown as { gatehouseApiKeyUsage?: ApiKeyUsageJobs };

function logFailure(what: string) {
  return (error: unknown) => console.error(`gatehouse: ${what} failed:`, error instanceof Error ? error.name : typeof error);
}

/** Starts this process's usage flush (every minute) and expiry sweep (every 10 minutes) once; the timers do not hold the process open. */
export function startApiKeyUsageJobs(): void {
  if (globalForJobs.gatehouseApiKeyUsage) return;
  const flush = setInterval(() => void flushApiKeyUsage(new Date()).catch(logFailure("flushing API key usage")), USAGE_FLUSH_SECONDS * 1000).unref();
  const sweep = setInterval(() => void sendApiKeyExpiryNotices(new Date()).catch(logFailure("the API key expiry sweep")), EXPIRY_SWEEP_SECONDS * 1000).unref();
  globalForJobs.gatehouseApiKeyUsage = {
    async stop() {
      clearInterval(flush);
      clearInterval(sweep);
      await flushApiKeyUsage(new Date());
    },
  };
}
