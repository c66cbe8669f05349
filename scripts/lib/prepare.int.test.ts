import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { databaseEnv } from "@/lib/env";
import { prepare } from "./prepare";

describe("prepare (what npm start runs before serving)", () => {
  // Threat: a restart duplicating demo users or re-running migrations against live data.
  it("is idempotent: a second run applies nothing and seeds nothing", async () => {
    const lines: string[] = [];
    const first = await prepare({ log: (line) => lines.push(line) });
    expect(first.seeded).toBe(databaseEnv().provider === "sqlite");
    const users = await db().user.count();
    const events = await db().auditEvent.count();

    lines.length = 0;
    const second = await prepare({ log: (line) => lines.push(line) });
    expect(second.seeded).toBe(false);
    expect(lines.filter((line) => /migration|Seeded/.test(line))).toEqual([]);
    expect(await db().user.count()).toBe(users);
    expect(await db().auditEvent.count()).toBe(events);
  });

  it("never seeds a PostgreSQL (real) deployment", async () => {
    if (databaseEnv().provider !== "postgresql") return expect(databaseEnv().provider).toBe("sqlite");
    expect((await prepare({ log: () => {} })).seeded).toBe(false);
    expect(await db().user.count()).toBe(0);
  });
});
