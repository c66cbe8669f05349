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
});
