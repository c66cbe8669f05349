// Test-only: a second Prisma client on the current test database that records the SQL of every
// statement it sends, so a test can compare the work of two code paths deterministically.
import { createDb, type Db } from "@/lib/db/client";
import { databaseEnv } from "@/lib/env";

export function recordingClient(): { client: Db; statements: string[] } {
  const statements: string[] = [];
  return { client: createDb(databaseEnv().url, { onStatement: (sql) => statements.push(sql) }), statements };
}
