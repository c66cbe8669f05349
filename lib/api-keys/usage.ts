import "server-only";

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
