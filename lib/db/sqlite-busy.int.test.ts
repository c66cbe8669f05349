// Threat: one connection holding SQLite's write lock (a second process, a backup, an operator's
// `sqlite3` shell) freezing the whole server, because the driver waited for it by spinning on
// the event loop. Writes now wait on timers; past their budget the caller is told to retry.
import { spawn } from "node:child_process";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { errorResponse } from "@/lib/api/handler";
import { databaseEnv } from "@/lib/env";
import { createDb, db } from "./client";

const sqlite = databaseEnv().provider === "sqlite";
let holder: Database.Database | undefined;
afterEach(() => {
  if (holder?.inTransaction) holder.exec("ROLLBACK");
  holder?.close();
  holder = undefined;
});

/** A process that takes the write lock, says so, and releases it a second later. */
const LOCK_FOR_A_SECOND = `
const db = new (require("better-sqlite3"))(process.argv[1]);
db.exec("BEGIN IMMEDIATE");
process.stdout.write("locked\\n");
setTimeout(() => { db.exec("COMMIT"); db.close(); }, 1000);
`;

/** Another connection to the same file, holding the write lock. */
function holdWriteLock(): Database.Database {
  holder = new Database(databaseEnv().url.replace(/^file:/, ""));
  holder.exec("BEGIN IMMEDIATE");
  return holder;
}

describe.runIf(sqlite)("a write lock held by another connection", () => {
  it("is waited for without blocking the event loop", async () => {
    await db().throttleCounter.count(); // the client's first query loads its query compiler
    // Another process holds the lock for a second, as a backup or a second instance would.
    const file = databaseEnv().url.replace(/^file:/, "");
    const other = spawn(process.execPath, ["-e", LOCK_FOR_A_SECOND, file], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => other.stdout.once("data", () => resolve()));
    const write = db().throttleCounter.create({ data: { key: `busy-${Date.now()}`, windowStart: new Date() } });
    let settled = false;
    void write.finally(() => (settled = true)).catch(() => {});
    // The longest the event loop went without a turn while the write waited: a driver spinning
    // inside the lock wait would hold it for the whole second.
    let longestStall = 0;
    for (let last = performance.now(); !settled; ) {
      await new Promise((resolve) => setImmediate(resolve));
      const now = performance.now();
      longestStall = Math.max(longestStall, now - last);
      last = now;
    }
    await expect(write).resolves.toMatchObject({ failures: 0 });
    expect(longestStall).toBeLessThan(400);
    other.kill();
  });

  it("answers 503 with Retry-After once the wait budget is spent", async () => {
    holdWriteLock();
    const impatient = createDb(databaseEnv().url, { busyBudgetMs: 20 });
    try {
      const error = await impatient.throttleCounter.create({ data: { key: `busy-${Date.now()}`, windowStart: new Date() } }).catch((e: unknown) => e);
      const response = errorResponse(error);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("1");
      expect((await response.json()).error.code).toBe("SERVICE_BUSY");
    } finally {
      await impatient.$disconnect();
    }
  });

  it("commits while another connection holds a read open (WAL), and a transaction holds the write lock from its start", async () => {
    const key = `wal-${Date.now()}`;
    await db().throttleCounter.create({ data: { key, windowStart: new Date() } });
    // A second process in the middle of a read transaction: in the rollback journal our commit
    // would wait for it to end.
    const reader = new Database(databaseEnv().url.replace(/^file:/, ""), { timeout: 0 });
    try {
      reader.exec("BEGIN");
      reader.prepare(`SELECT COUNT(*) FROM "ThrottleCounter"`).get();
      const writerRefused: string[] = [];
      await db().$transaction(async (tx) => {
        await tx.throttleCounter.findUnique({ where: { key } });
        // Taken at BEGIN: another writer is refused now, before this transaction writes anything.
        const writer = new Database(databaseEnv().url.replace(/^file:/, ""), { timeout: 0 });
        try {
          writer.prepare(`UPDATE "ThrottleCounter" SET "failures" = 7 WHERE "key" = ?`).run(key);
        } catch (error) {
          writerRefused.push((error as { code?: string }).code ?? "");
        } finally {
          writer.close();
        }
        await tx.throttleCounter.update({ where: { key }, data: { failures: 1 } });
      });
      expect(writerRefused).toEqual(["SQLITE_BUSY"]);
      // The reader's snapshot is its own; the commit went through without waiting for it.
      expect(reader.prepare(`SELECT "failures" FROM "ThrottleCounter" WHERE "key" = ?`).get(key)).toEqual({ failures: 0 });
    } finally {
      reader.exec("ROLLBACK");
      reader.close();
    }
    expect(await db().throttleCounter.findUnique({ where: { key }, select: { failures: true } })).toEqual({ failures: 1 });
  });
});

describe.runIf(sqlite)("statements of other requests while a transaction is open", () => {
  it("wait for it: they neither see its rows nor roll back with it", async () => {
    const inside = `inside-${Date.now()}`;
    const outside = `outside-${Date.now()}`;
    let reachedInside!: () => void;
    const insideWritten = new Promise<void>((resolve) => (reachedInside = resolve));
    let letGo!: () => void;
    const released = new Promise<void>((resolve) => (letGo = resolve));
    const transaction = db()
      .$transaction(async (tx) => {
        await tx.throttleCounter.create({ data: { key: inside, windowStart: new Date() } });
        reachedInside();
        await released;
        throw new Error("the business rule says no");
      })
      .catch((error: unknown) => error);
    await insideWritten;
    // Another request's read and write, issued while the transaction is open.
    const read = db().throttleCounter.findUnique({ where: { key: inside } });
    const write = db().throttleCounter.create({ data: { key: outside, windowStart: new Date() } });
    let settled = 0;
    for (const statement of [read, write]) void statement.finally(() => settled++).catch(() => {});
    // Given every chance to run (a statement on the shared connection settles within a few turns
    // of the event loop), neither may finish while the transaction is open.
    for (let turn = 0; turn < 200 && settled === 0; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(0);
    letGo();
    expect(await transaction).toMatchObject({ message: "the business rule says no" });
    expect(await read).toBeNull();
    await write;
    expect(await db().throttleCounter.count({ where: { key: { in: [inside, outside] } } })).toBe(1);
    expect(await db().throttleCounter.findUnique({ where: { key: outside } })).not.toBeNull();
  });
});

