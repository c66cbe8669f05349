// Tampering with the audit log in the database itself, on SQLite and PostgreSQL: raw SQL edits,
// deletes and inserts, as someone with access to the database would make them, and the
// verifier naming the first broken link of exactly that chain.
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit";
import { chainOf, eventHash } from "@/lib/audit-chain";
import { type ChainReport, formatChainReport, verifyAuditChains } from "@/lib/audit-verify";
import { db } from "@/lib/db/client";
import { makeWorkspace } from "@/lib/testing/fixtures";

/** A workspace whose chain holds five events (workspace.created and four more), and those rows by seq. */
async function chainOfFive() {
  const { id } = await makeWorkspace();
  for (let i = 1; i <= 4; i += 1) await recordAudit({ action: "workspace.updated", workspaceId: id, actorUserId: i, metadata: { fields: [`field${i}`] } });
  const chain = chainOf(id);
  const rows = await db().auditEvent.findMany({ where: { chain }, orderBy: { seq: "asc" } });
  expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5]);
  return { id, chain, rows, row: (seq: number) => rows[seq - 1]! };
}

async function report(chain: string, batchSize?: number): Promise<ChainReport> {
  const { chains } = await verifyAuditChains({ chain, batchSize });
  expect(chains).toHaveLength(1);
  return chains[0]!;
}

describe("verifyAuditChains", () => {
  it("reports an intact chain: events checked from seq 1 and its head", async () => {
    const { chain, row } = await chainOfFive();
    expect(await report(chain, 2)).toEqual({ chain, workspaceId: Number(chain.slice(2)), ok: true, events: 5, firstSeq: 1, anchor: "0".repeat(64), head: { seq: 5, hash: row(5).hash }, broken: null });
  });

  it("catches an edited metadata column at exactly that event, and leaves other chains intact", async () => {
    const { chain, row } = await chainOfFive();
    const other = await chainOfFive();
    await db().$executeRaw`UPDATE "AuditEvent" SET "metadata" = ${'{"fields":["nothing to see"]}'} WHERE "id" = ${row(3).id}`;
    expect((await report(chain)).broken).toEqual({ seq: 3, id: row(3).id, reason: "hash mismatch" });
    expect((await report(other.chain)).ok).toBe(true);
    const all = await verifyAuditChains();
    expect(all.ok).toBe(false);
    expect(all.chains.filter((entry) => !entry.ok).map((entry) => entry.chain)).toEqual([chain]);
  });

  it("catches an edited action, also past the first batch", async () => {
    const { chain, row } = await chainOfFive();
    await db().$executeRaw`UPDATE "AuditEvent" SET "action" = ${"workspace.created"} WHERE "id" = ${row(4).id}`;
    expect((await report(chain, 2)).broken).toEqual({ seq: 4, id: row(4).id, reason: "hash mismatch" });
  });

  it("catches an edit whose hash was recomputed, at the next event's link", async () => {
    const { chain, row } = await chainOfFive();
    const forged = { ...row(2), actorUserId: 999, chain, seq: 2, prevHash: row(2).prevHash! };
    await db().$executeRaw`UPDATE "AuditEvent" SET "actorUserId" = ${999}, "hash" = ${eventHash(forged)} WHERE "id" = ${row(2).id}`;
    expect((await report(chain)).broken).toEqual({ seq: 3, id: row(3).id, reason: "prevHash mismatch" });
  });

  it("catches a deleted event in the middle", async () => {
    const { chain, row } = await chainOfFive();
    await db().$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${row(3).id}`;
    const result = await report(chain);
    expect(result).toMatchObject({ ok: false, events: 2, broken: { seq: 3, id: null, reason: "missing seq" } });
    expect(formatChainReport(result)).toBe(`${chain}: BROKEN at seq 3: missing seq; 2 event(s) checked before it; head seq 5 ${row(5).hash}`);
  });

  it("catches a deleted last event through the head", async () => {
    const { chain, row } = await chainOfFive();
    await db().$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${row(5).id}`;
    expect((await report(chain)).broken).toEqual({ seq: 5, id: null, reason: "head mismatch" });
  });

  it("catches a forged event appended after the head, even with a correct hash", async () => {
    const { id, chain, row } = await chainOfFive();
    const forged = { ...row(5), seq: 6, prevHash: row(5).hash!, chain, action: "workspace.member.added", createdAt: new Date() };
    const hash = eventHash(forged);
    await db().$executeRaw`INSERT INTO "AuditEvent" ("workspaceId", "action", "metadata", "createdAt", "chain", "seq", "prevHash", "hash") VALUES (${id}, ${forged.action}, ${forged.metadata}, ${forged.createdAt}, ${chain}, ${6}, ${forged.prevHash}, ${hash})`;
    const inserted = await db().auditEvent.findFirstOrThrow({ where: { chain, seq: 6 } });
    expect((await report(chain)).broken).toEqual({ seq: 6, id: inserted.id, reason: "head mismatch" });
  });

  it("catches an event of the workspace written outside its chain", async () => {
    const { id, chain } = await chainOfFive();
    await db().$executeRaw`INSERT INTO "AuditEvent" ("workspaceId", "action", "metadata", "createdAt") VALUES (${id}, ${"workspace.member.added"}, ${"{}"}, ${new Date()})`;
    const inserted = await db().auditEvent.findFirstOrThrow({ where: { workspaceId: id, chain: null } });
    expect((await report(chain)).broken).toEqual({ seq: null, id: inserted.id, reason: "unchained event" });
  });

  it("catches a deleted head, and lists the chain among all chains", async () => {
    const { chain, row } = await chainOfFive();
    await db().$executeRaw`DELETE FROM "AuditChainHead" WHERE "chain" = ${chain}`;
    const all = await verifyAuditChains();
    expect(all.chains.find((entry) => entry.chain === chain)).toMatchObject({ ok: false, head: null, broken: { seq: 5, id: row(5).id, reason: "head mismatch" } });
  });
});
