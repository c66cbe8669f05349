// The audit log's hash chains as recordAudit writes them, on SQLite and PostgreSQL: one chain per
// workspace and one for the platform, linked event to event, inside the caller's transaction,
// through a workspace-scoped client as well, and never forked by several writers at once.
import { afterEach, describe, expect, it, vi } from "vitest";
import { recordAudit } from "@/lib/audit";
import { chainOf, eventHash, GENESIS_HASH, PLATFORM_CHAIN } from "@/lib/audit-chain";
import { verifyAuditChains } from "@/lib/audit-verify";
import { createDb, db } from "@/lib/db/client";
import { workspaceDb } from "@/lib/db/scoped";
import { databaseEnv } from "@/lib/env";
import { makeWorkspace } from "@/lib/testing/fixtures";

afterEach(() => {
  vi.useRealTimers();
});

const chainRows = (chain: string) => db().auditEvent.findMany({ where: { chain }, orderBy: { seq: "asc" } });
const head = (chain: string) => db().auditChainHead.findUnique({ where: { chain }, select: { seq: true, hash: true } });

describe("recordAudit", () => {
  it("links each event of a workspace to the one before, from the genesis hash, and moves the head", async () => {
    const { id } = await makeWorkspace();
    const chain = chainOf(id);
    await recordAudit({ action: "workspace.settings_changed", workspaceId: id, metadata: { fields: ["name"] } });
    await recordAudit({ action: "workspace.role.created", workspaceId: id, actorUserId: 1, targetType: "role", targetId: 5, ip: "198.51.100.2", userAgent: "vitest" });
    const rows = await chainRows(chain);
    // workspace.created (by makeWorkspace) is the chain's first event.
    expect(rows.map((row) => [row.seq, row.action])).toEqual([
      [1, "workspace.created"],
      [2, "workspace.settings_changed"],
      [3, "workspace.role.created"],
    ]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (const [index, row] of rows.entries()) {
      if (index > 0) expect(row.prevHash).toBe(rows[index - 1]!.hash);
      expect(row.hash).toBe(eventHash({ ...row, chain, seq: row.seq!, prevHash: row.prevHash! }));
    }
    expect(await head(chain)).toEqual({ seq: 3, hash: rows[2]!.hash });
    // An event outside any workspace goes to the platform's chain, not this one.
    const platformBefore = (await head(PLATFORM_CHAIN))?.seq ?? 0;
    await recordAudit({ action: "auth.login.failed", ip: "198.51.100.3" });
    expect((await head(PLATFORM_CHAIN))?.seq).toBe(platformBefore + 1);
    expect((await head(chain))?.seq).toBe(3);
  });

  it("appends inside the caller's transaction: a rolled-back change leaves neither event nor head behind", async () => {
    // Threat: a change that did not happen in the log, or a head pointing at an event that does not exist.
    const { id } = await makeWorkspace();
    const chain = chainOf(id);
    const before = await head(chain);
    await expect(
      db().$transaction(async (tx) => {
        await recordAudit({ action: "workspace.updated", workspaceId: id }, tx);
        throw new Error("the change fails after its audit event");
      }),
    ).rejects.toThrow(/change fails/);
    expect(await head(chain)).toEqual(before);
    await recordAudit({ action: "workspace.updated", workspaceId: id });
    expect((await chainRows(chain)).map((row) => row.seq)).toEqual([1, 2]);
    expect((await verifyAuditChains({ chain })).ok).toBe(true);
  });

  it("through a workspace-scoped client or its transaction, appends to that workspace's chain only", async () => {
    // Threat: tenant code writing audit rows outside the chain, into another tenant's chain, or rewriting its own log.
    const a = await makeWorkspace();
    const b = await makeWorkspace();
    await recordAudit({ action: "workspace.role.updated" }, workspaceDb(a.id));
    await workspaceDb(a.id).$transaction(async (tx) => {
      await tx.role.count();
      await recordAudit({ action: "workspace.role.deleted", workspaceId: a.id }, tx);
    });
    expect((await chainRows(chainOf(a.id))).map((row) => [row.seq, row.action, row.workspaceId])).toEqual([
      [1, "workspace.created", a.id],
      [2, "workspace.role.updated", a.id],
      [3, "workspace.role.deleted", a.id],
    ]);
    await expect(recordAudit({ action: "workspace.role.updated", workspaceId: b.id }, workspaceDb(a.id))).rejects.toThrow(/may not record an event of workspace/);
    const scoped = workspaceDb(a.id).auditEvent;
    const [first] = await chainRows(chainOf(a.id));
    await expect(scoped.create({ data: { action: "workspace.role.updated" } })).rejects.toThrow(/append-only/);
    await expect(scoped.update({ where: { id: first!.id }, data: { action: "forged" } })).rejects.toThrow(/append-only/);
    await expect(scoped.deleteMany({})).rejects.toThrow(/append-only/);
    expect((await chainRows(chainOf(b.id))).map((row) => row.action)).toEqual(["workspace.created"]);
    expect((await verifyAuditChains({ chain: chainOf(a.id) })).chains[0]).toMatchObject({ ok: true, events: 3 });
  });

  it("never dates an event before the one it follows, even when this clock is behind another instance's", async () => {
    // Threat: the retention purge cutting a hole in a chain because one instance's clock lagged.
    const { id } = await makeWorkspace();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2031-05-01T12:00:00.000Z"));
    await recordAudit({ action: "workspace.updated", workspaceId: id });
    vi.setSystemTime(new Date("2031-05-01T11:59:00.000Z"));
    await recordAudit({ action: "workspace.updated", workspaceId: id, metadata: { second: true } });
    const [, first, second] = await chainRows(chainOf(id));
    expect(first!.createdAt.toISOString()).toBe("2031-05-01T12:00:00.000Z");
    expect(second!.createdAt.toISOString()).toBe("2031-05-01T12:00:00.000Z");
    expect((await verifyAuditChains({ chain: chainOf(id) })).ok).toBe(true);
  });

  it("never forks a chain when two processes append to it at once", async () => {
    // Threat: two Gatehouse instances appending to one chain and both linking to the same predecessor.
    const { id } = await makeWorkspace();
    const chain = chainOf(id);
    // Two separate clients, each with its own connections, as two instances would have.
    const instances = [createDb(databaseEnv().url, { busyBudgetMs: 60_000 }), createDb(databaseEnv().url, { busyBudgetMs: 60_000 })];
    try {
      // Each instance appends 50 events, five requests at a time (within its connection pool).
      const requests = (instance: (typeof instances)[number], n: number) =>
        Array.from({ length: 5 }, async (_, worker) => {
          for (let i = 0; i < 10; i += 1) await recordAudit({ action: "workspace.updated", workspaceId: id, metadata: { instance: n, worker, i } }, instance);
        });
      await Promise.all(instances.flatMap(requests));
    } finally {
      await Promise.all(instances.map((instance) => instance.$disconnect()));
    }
    const rows = await chainRows(chain);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    expect(new Set(rows.map((row) => row.prevHash)).size).toBe(101);
    const report = (await verifyAuditChains({ chain })).chains[0];
    expect(report).toMatchObject({ ok: true, events: 101, head: { seq: 101, hash: rows[100]!.hash } });
  });
});
