// Test-only: counts the SQL statements an operation sends through the process-wide client, so a
// test can hold a hot path to a budget. The counting client is built with Prisma's query events
// (`createDb`'s `onStatement`, which Prisma 7 emits for driver-adapter clients too) and put in
// place of `db()`'s client while the test file runs; production builds its client without them.
import { createDb, db, replaceDb } from "@/lib/db/client";
import { databaseEnv } from "@/lib/env";

export interface StatementCounter {
  /** Runs `operation` and returns what it returned with the statements it sent, in order. */
  count<T>(operation: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
  /** Puts the previous client back and closes the counting one (afterAll). */
  uninstall(): Promise<void>;
}

/**
 * Makes `db()` a counting client for the current test database. Statements are recorded only
 * inside `count`, one operation at a time: the caller awaits each before starting the next.
 */
export function installStatementCounter(): StatementCounter {
  let recording: string[] | null = null;
  const client = createDb(databaseEnv().url, { onStatement: (sql) => recording?.push(sql) });
  const previous = db();
  replaceDb(client);
  return {
    async count(operation) {
      if (recording) throw new Error("One counted operation at a time.");
      recording = [];
      try {
        const result = await operation();
        return { result, statements: recording };
      } finally {
        recording = null;
      }
    },
    async uninstall() {
      replaceDb(previous);
      await client.$disconnect();
    },
  };
}

/** The statements as one numbered line each, for a failure message. */
export function describeStatements(statements: string[]): string {
  return statements.map((sql, index) => `  ${index + 1}. ${sql.replace(/\s+/g, " ").slice(0, 400)}`).join("\n");
}
