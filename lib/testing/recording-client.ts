// Test-only: a second Prisma client on the current test database that records the SQL of every
// statement it sends, so a test can compare the work of two code paths deterministically.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Db } from "@/lib/db/client";
import { PrismaClient as PostgresClient } from "@/lib/db/generated/postgres/client";
import { PrismaClient as SqliteClient } from "@/lib/db/generated/sqlite/client";
import { databaseEnv } from "@/lib/env";

export function recordingClient(): { client: Db; statements: string[] } {
  const { url, provider } = databaseEnv();
  const log = [{ emit: "event" as const, level: "query" as const }];
  const statements: string[] = [];
  if (provider === "sqlite") {
    const client = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: url.replace(/^file:/, "") }), log });
    client.$on("query", (event) => statements.push(event.query));
    return { client: client as unknown as Db, statements };
  }
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }), log });
  client.$on("query", (event) => statements.push(event.query));
  return { client: client as unknown as Db, statements };
}
