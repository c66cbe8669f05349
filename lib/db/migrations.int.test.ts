import { describe, expect, it } from "vitest";
import { openEngine } from "../../scripts/db/engine";
import { schemaFor } from "../../scripts/db/schema";
import { databaseEnv } from "../env";
import { db } from "./client";

describe("committed migrations", () => {
  it("create every table of the schema", async () => {
    const counts = await Promise.all([db().user.count(), db().workspace.count(), db().session.count(), db().apiKey.count(), db().outboxEmail.count(), db().throttleCounter.count()]);
    expect(counts).toEqual([0, 0, 0, 0, 0, 0]);
  });

  // The engine can describe a live SQLite database (not PostgreSQL through the adapter), so
  // drift is checked there; both providers' folders are generated from the same diff.
  it.runIf(databaseEnv().provider === "sqlite")("leave no drift between the migrations and prisma/schema.prisma", async () => {
    const schema = schemaFor("sqlite");
    const { engine, close } = await openEngine("sqlite", databaseEnv().url, schema);
    try {
      const files = [{ path: "schema.prisma", content: schema }];
      const result = await engine.diff({
        from: { tag: "schemaDatasource", files, configDir: process.cwd() },
        to: { tag: "schemaDatamodel", files },
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      } as Parameters<typeof engine.diff>[0]);
      expect((result.stdout ?? "").trim()).toBe("-- This is an empty migration.");
    } finally {
      await close();
    }
  });
});
