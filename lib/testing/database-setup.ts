// Runs before every integration test file: points DATABASE_URL at a fresh copy of the template
// (before any lib/ module reads it) and removes it when the file is done.
import { afterAll, inject } from "vitest";
import { createFileDatabase, type TestDatabaseKind } from "./databases.ts";
import { useTestSecrets } from "./secrets.ts";

useTestSecrets();
const kind = process.env.GATEHOUSE_TEST_DATABASE as TestDatabaseKind;
const database = await createFileDatabase(kind, inject("gatehouseTestRun"));
process.env.DATABASE_URL = database.url;

afterAll(async () => {
  const { db } = await import("../db/client.ts");
  await db().$disconnect();
  await database.drop();
});
