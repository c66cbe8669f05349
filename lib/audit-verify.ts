import "server-only";
import { eventHash, GENESIS_HASH, PLATFORM_CHAIN } from "@/lib/audit-chain";
import { db } from "@/lib/db/client";

// Walks the audit log's hash chains (lib/audit.ts writes them) and reports, per chain, how many
// events it checked and the first broken link. Used by `npm run audit:verify` and
// GET /uauth/admin/audit/verify.
//
// What it proves: every event from the oldest one kept up to the head is the one that was
// written, none is missing in between, none was added after the head and none was written beside
// the chain. What it cannot prove: someone with write access to the database can recompute a
// whole chain and its head. Against that, keep the head hashes this prints somewhere else: a
// chain whose head at seq N no longer has the hash you kept for N was rewritten.

/** Rows read per query: memory stays bounded whatever the size of the log. */
export const VERIFY_BATCH_SIZE = 1000;

export type ChainBreakReason = "hash mismatch" | "prevHash mismatch" | "missing seq" | "head mismatch" | "unchained event";

/** The first link that does not hold; `id` is null when the event at `seq` is missing, `seq` null for an event outside the chain. */
export interface ChainBreak {
  seq: number | null;
  id: number | null;
  reason: ChainBreakReason;
}

export interface ChainReport {
  chain: string;
  /** The workspace of a `w:<id>` chain; null for the platform's. */
  workspaceId: number | null;
  ok: boolean;
  /** Events whose links were checked. */
  events: number;
  /** Where the check started: 1, or the oldest event kept after the retention purge. */
  firstSeq: number | null;
  /** The `prevHash` of that first event, accepted as given: the genesis hash at 1, else the anchor the purge left. */
  anchor: string | null;
  /** The chain's head as it was when the walk began: keep its hash to notice a rewritten chain later. */
  head: { seq: number; hash: string } | null;
  broken: ChainBreak | null;
}

export interface AuditVerification {
  ok: boolean;
  checkedAt: Date;
  chains: ChainReport[];
}

const LINK_SELECT = {
  id: true,
  chain: true,
  seq: true,
  prevHash: true,
  hash: true,
  action: true,
  workspaceId: true,
  actorUserId: true,
  actorApiKeyId: true,
  targetType: true,
  targetId: true,
  ip: true,
  userAgent: true,
  metadata: true,
  createdAt: true,
} as const;

/**
 * Verifies one chain (`chain`: `platform` or `w:<workspaceId>`) or every chain there is, at
 * `now` (the report's time). A chain whose oldest events the retention purge removed starts at
 * its oldest remaining event and accepts that event's `prevHash` as the anchor: a purge cuts a
 * chain at the front; a hole in the middle is a break. Events appended while it runs are left
 * for the next run (the walk stops at the head it read first).
 */
export async function verifyAuditChains(options: { chain?: string; now?: Date; batchSize?: number } = {}): Promise<AuditVerification> {
  const checkedAt = options.now ?? new Date();
  const batchSize = options.batchSize ?? VERIFY_BATCH_SIZE;
  const chains = options.chain === undefined ? await allChains() : [options.chain];
  const reports: ChainReport[] = [];
  for (const chain of chains) reports.push(await verifyChain(chain, batchSize));
  return { ok: reports.every((report) => report.ok), checkedAt, chains: reports };
}

/** Every chain with a head or with events, in name order. Events are walked chain by chain on the (chain, seq) index. */
async function allChains(): Promise<string[]> {
  const names = new Set((await db().auditChainHead.findMany({ select: { chain: true } })).map((head) => head.chain));
  // Chains with events but no head (a deleted head) are found one index step at a time.
  for (let after: string | null = null; ; ) {
    const next: { chain: string | null } | null = await db().auditEvent.findFirst({ where: { chain: after === null ? { not: null } : { gt: after } }, orderBy: { chain: "asc" }, select: { chain: true } });
    if (!next?.chain) break;
    names.add(next.chain);
    after = next.chain;
  }
  return [...names].sort();
}

function workspaceOf(chain: string): number | null {
  const match = /^w:(\d+)$/.exec(chain);
  return match ? Number(match[1]) : null;
}

async function verifyChain(chain: string, batchSize: number): Promise<ChainReport> {
  const head = await db().auditChainHead.findUnique({ where: { chain }, select: { seq: true, hash: true } });
  const report: ChainReport = { chain, workspaceId: workspaceOf(chain), ok: true, events: 0, firstSeq: null, anchor: null, head, broken: null };
  const fail = (broken: ChainBreak): ChainReport => ({ ...report, ok: false, broken });

  let last: { id: number; seq: number; hash: string | null } | null = null;
  let firstId: number | null = null;
  for (let after = 0; ; ) {
    const rows = await db().auditEvent.findMany({
      where: { chain, seq: { gt: after, ...(head && { lte: head.seq }) } },
      orderBy: { seq: "asc" },
      take: batchSize,
      select: LINK_SELECT,
    });
    for (const row of rows) {
      const seq = row.seq!;
      if (last === null || (seq !== last.seq + 1 && (await cutByPurge(chain, seq)))) {
        // The chain's start, or a purge running alongside removed the events just checked.
        report.firstSeq = seq;
        report.anchor = row.prevHash;
        firstId ??= row.id;
        if (seq === 1 && row.prevHash !== GENESIS_HASH) return fail({ seq, id: row.id, reason: "prevHash mismatch" });
      } else if (seq !== last.seq + 1) {
        return fail({ seq: last.seq + 1, id: null, reason: "missing seq" });
      } else if (row.prevHash !== last.hash) {
        return fail({ seq, id: row.id, reason: "prevHash mismatch" });
      }
      const { id: _id, hash, ...columns } = row;
      if (columns.prevHash === null || hash !== eventHash({ ...columns, chain, seq, prevHash: columns.prevHash })) return fail({ seq, id: row.id, reason: "hash mismatch" });
      report.events += 1;
      last = { id: row.id, seq, hash };
    }
    if (rows.length < batchSize) break;
    after = last!.seq;
  }

  if (head === null) {
    if (last) return fail({ seq: last.seq, id: last.id, reason: "head mismatch" });
  } else if (last === null) {
    // Every event of the chain is gone: what the purge leaves of a chain idle past the retention.
  } else if (last.seq < head.seq) {
    return fail({ seq: last.seq + 1, id: null, reason: "head mismatch" });
  } else if (last.hash !== head.hash) {
    return fail({ seq: head.seq, id: last.id, reason: "head mismatch" });
  }

  // An event past the head: every append moves the head in the same transaction, so read the
  // events first and the head after, and an honest append can never look like one.
  const beyond = await db().auditEvent.findFirst({ where: { chain }, orderBy: { seq: "desc" }, select: { id: true, seq: true } });
  const headNow = await db().auditChainHead.findUnique({ where: { chain }, select: { seq: true } });
  if (beyond?.seq && beyond.seq > (headNow?.seq ?? 0)) return fail({ seq: beyond.seq, id: beyond.id, reason: "head mismatch" });

  // An event of this chain's workspace written outside the chain after it began (the events
  // before chaining began have no chain, and smaller ids).
  if (firstId !== null && (chain === PLATFORM_CHAIN || report.workspaceId !== null)) {
    const unchained = await db().auditEvent.findFirst({ where: { chain: null, workspaceId: report.workspaceId, id: { gt: firstId } }, orderBy: { id: "asc" }, select: { id: true } });
    if (unchained) return fail({ seq: null, id: unchained.id, reason: "unchained event" });
  }
  return report;
}

/** Whether `seq` is now the chain's oldest event: the purge cut the chain there while it was walked. */
async function cutByPurge(chain: string, seq: number): Promise<boolean> {
  const first = await db().auditEvent.findFirst({ where: { chain }, orderBy: { seq: "asc" }, select: { seq: true } });
  return first?.seq === seq;
}

/** One readable line for a chain's report (`npm run audit:verify`), with the head to keep. */
export function formatChainReport(report: ChainReport): string {
  const range = report.firstSeq === null ? "no events" : `${report.events} event(s) from seq ${report.firstSeq}${report.firstSeq > 1 ? ` (anchor ${report.anchor})` : ""}`;
  const head = report.head ? `head seq ${report.head.seq} ${report.head.hash}` : "no head";
  if (report.ok) return `${report.chain}: intact, ${range}; ${head}`;
  const { seq, id, reason } = report.broken!;
  const at = [seq === null ? null : `seq ${seq}`, id === null ? null : `event id ${id}`].filter(Boolean).join(", ");
  return `${report.chain}: BROKEN at ${at}: ${reason}; ${report.events} event(s) checked before it; ${head}`;
}
