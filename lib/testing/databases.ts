// Test-only: one migrated template database per run and provider, copied for every test file,
// so each file starts from an empty, fully migrated database of its own in milliseconds.
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export type TestDatabaseKind = "sqlite" | "postgres";

/** The PostgreSQL server integration tests use; override with GATEHOUSE_TEST_POSTGRES_URL. */
export const TEST_POSTGRES_URL = process.env.GATEHOUSE_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const RUN_DIR = path.join(tmpdir(), "gatehouse-tests");

export function templateName(runId: string): string {
  return `gatehouse_template_${runId}`;
}

export function sqliteTemplatePath(runId: string): string {
  return path.join(RUN_DIR, `template-${runId}.db`);
}

function withDatabase(url: string, name: string): string {
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

/** Whether the test PostgreSQL answers within two seconds. */
export async function postgresReachable(url = TEST_POSTGRES_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function admin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates and migrates the run's template database; returns its URL. */
export async function createTemplate(kind: TestDatabaseKind, runId: string, migrate: (url: string) => Promise<unknown>): Promise<void> {
  if (kind === "sqlite") {
    mkdirSync(RUN_DIR, { recursive: true });
    await migrate(`file:${sqliteTemplatePath(runId)}`);
    return;
  }
  await admin((client) => client.query(`CREATE DATABASE "${templateName(runId)}"`));
  await migrate(withDatabase(TEST_POSTGRES_URL, templateName(runId)));
}

export async function dropTemplate(kind: TestDatabaseKind, runId: string): Promise<void> {
  if (kind === "sqlite") {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${sqliteTemplatePath(runId)}${suffix}`, { force: true });
    return;
  }
  await admin((client) => client.query(`DROP DATABASE IF EXISTS "${templateName(runId)}" WITH (FORCE)`));
}

/** A fresh copy of the template for one test file; `drop` removes it. */
export async function createFileDatabase(kind: TestDatabaseKind, runId: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `gatehouse_test_${runId}_${randomBytes(4).toString("hex")}`;
  if (kind === "sqlite") {
    const file = path.join(RUN_DIR, `${name}.db`);
    copyFileSync(sqliteTemplatePath(runId), file);
    return {
      url: `file:${file}`,
      drop: async () => {
        for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  await admin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName(runId)}"`));
  return {
    url: withDatabase(TEST_POSTGRES_URL, name),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}
