import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseEnv, databasePoolEnv } from "@/lib/env";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { sqliteAdapter } from "./sqlite-adapter";

/**
 * The database client type. Both generated clients come from one schema, so they expose the same
 * API; the SQLite one's type stands for both.
 */
export type Db = SqliteClient;
/** A client inside `$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface DbOptions {
  /** How long a statement is retried while SQLite's write lock is held elsewhere. */
  busyBudgetMs?: number;
  /**
   * Called with the SQL of every statement the client sends (Prisma's query events). Only a test
   * asks for it (lib/testing/statement-counter.ts): without it Prisma builds no events at all.
   */
  onStatement?: (sql: string) => void;
}

/** Opens a client for a database URL: `file:` → SQLite, `postgres://` → PostgreSQL. */
export function createDb(url: string, { busyBudgetMs, onStatement }: DbOptions = {}): Db {
  const log = onStatement ? [{ emit: "event" as const, level: "query" as const }] : [];
  if (url.startsWith("file:")) {
    // A write lock held elsewhere is waited for on timers, never by blocking the event loop.
    const client = new SqliteClient({ adapter: sqliteAdapter(url.replace(/^file:/, ""), { busyBudgetMs }), log });
    if (onStatement) client.$on("query", (event) => onStatement(event.query));
    return client;
  }
  const pool = databasePoolEnv();
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: pool.max, connectionTimeoutMillis: pool.connectTimeoutMs }), log });
  if (onStatement) client.$on("query", (event) => onStatement(event.query));
  return client as unknown as Db;
}

// On globalThis so development hot reloads reuse one connection pool; keyed by URL so a
// process that switches DATABASE_URL (the test harness) never gets a client of the old one.
const globalForDb = globalThis as unknown as { gatehouseDb?: { url: string; client: Db } };

/** The process-wide client for DATABASE_URL. */
export function db(): Db {
  const { url } = databaseEnv();
  if (globalForDb.gatehouseDb?.url !== url) globalForDb.gatehouseDb = { url, client: createDb(url) };
  return globalForDb.gatehouseDb.client;
}

/**
 * Makes `client` the process-wide client for DATABASE_URL: for the tests' statement counter,
 * which needs a client built with `onStatement`. The application never calls it.
 */
export function replaceDb(client: Db): void {
  globalForDb.gatehouseDb = { url: databaseEnv().url, client };
}
