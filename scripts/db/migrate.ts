// `npm run db:migrate` applies the committed migrations to DATABASE_URL;
// `npm run db:migration -- <name>` writes a new migration folder for both providers from a
// change to prisma/schema.prisma. The folders are ordinary Prisma migrations, so
// `prisma migrate deploy` accepts them wherever Prisma's native engine is available.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseEnv } from "../../lib/env.ts";
import { openEngine } from "./engine.ts";
import { migrationsDir, schemaFor, SNAPSHOT, SOURCE_SCHEMA, type Provider } from "./schema.ts";

const NO_FILTERS = { externalTables: [], externalEnums: [] };

function migrationList(provider: Provider): MigrationList {
  const baseDir = migrationsDir(provider);
  const lockPath = path.join(baseDir, "migration_lock.toml");
  const directories = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()
    : [];
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: directories.map((name) => {
      const file = path.join(baseDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file) ? { tag: "ok", value: readFileSync(file, "utf8") } : { tag: "error", value: `${file} is missing` },
        },
      };
    }),
  } as MigrationList;
}

/** Names of the migrations recorded as applied, or null when the database has no history yet. */
async function appliedMigrationNames(url: string, provider: Provider): Promise<Set<string> | null> {
  const query = 'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL';
  if (provider === "sqlite") {
    const file = path.resolve(url.replace(/^file:/, ""));
    if (!existsSync(file)) return null;
    const connection = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return new Set((connection.prepare(query).all() as Array<{ migration_name: string }>).map((row) => row.migration_name));
    } catch {
      return null;
    } finally {
      connection.close();
    }
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return new Set((await client.query<{ migration_name: string }>(query)).rows.map((row) => row.migration_name));
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

/**
 * Applies every committed migration not yet applied; returns the names applied now. When nothing
 * is pending the schema engine is not started at all: on SQLite it takes a lock that a running
 * Gatehouse holding the same file would block (a second `npm start`, say).
 */
export async function applyMigrations(url = databaseEnv().url, provider: Provider = providerOf(url)): Promise<string[]> {
  if (provider === "sqlite") ensureSqliteDirectory(url);
  const applied = await appliedMigrationNames(url, provider);
  const committed = migrationList(provider).migrationDirectories.map((dir) => dir.path);
  if (applied && committed.every((name) => applied.has(name))) return [];
  const { engine, close } = await openEngine(provider, url, schemaFor(provider));
  let appliedNow: string[];
  try {
    appliedNow = await applyWith(engine, provider);
  } finally {
    await close();
  }
  if (provider === "sqlite") useWriteAheadLog(url);
  return appliedNow;
}

/** WAL lets readers go on while a writer commits; the mode is stored in the database file. */
function useWriteAheadLog(url: string): void {
  const connection = new Database(path.resolve(url.replace(/^file:/, "")));
  try {
    connection.pragma("journal_mode = WAL");
  } finally {
    connection.close();
  }
}

async function applyWith(engine: SchemaEngine, provider: Provider): Promise<string[]> {
  const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: migrationList(provider), filters: NO_FILTERS });
  return appliedMigrationNames;
}

function providerOf(url: string): Provider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

function ensureSqliteDirectory(url: string): void {
  const file = path.resolve(url.replace(/^file:/, ""));
  mkdirSync(path.dirname(file), { recursive: true });
}

/**
 * Creates `<timestamp>_<name>` for each provider by diffing the schema as of the last migration
 * (prisma/migrations/schema.snapshot.prisma) against prisma/schema.prisma. A datamodel-to-datamodel
 * diff needs no database: the WebAssembly engine can neither open a shadow database nor describe
 * a live PostgreSQL schema through the driver adapter. The drift test in lib/db checks that the
 * committed migrations still produce exactly the schema.
 */
async function createMigrations(name: string): Promise<void> {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const previous = existsSync(SNAPSHOT) ? readFileSync(SNAPSHOT, "utf8") : null;
  let wrote = false;
  for (const provider of ["sqlite", "postgresql"] as const) {
    const schema = schemaFor(provider);
    // A datamodel-to-datamodel diff never touches the database; an in-memory SQLite one will do.
    const { engine, close } = await openEngine("sqlite", "file::memory:", schema);
    try {
      const files = [{ path: "schema.prisma", content: schema }];
      const from = previous === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schemaFor(provider, previous) }] };
      const result = await engine.diff({ from, to: { tag: "schemaDatamodel", files }, script: true, exitCode: null, filters: NO_FILTERS } as Parameters<typeof engine.diff>[0]);
      const script = (result.stdout ?? "").trim();
      if (!script || /^-- This is an empty migration\.?$/.test(script)) {
        console.log(`${provider}: schema already matches the migrations; nothing written`);
        continue;
      }
      const dir = path.join(migrationsDir(provider), `${stamp}_${name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "migration.sql"), `${script}\n`);
      const lock = path.join(migrationsDir(provider), "migration_lock.toml");
      if (!existsSync(lock)) {
        writeFileSync(lock, `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`);
      }
      console.log(`${provider}: wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
      wrote = true;
    } finally {
      await close();
    }
  }
  if (wrote) writeFileSync(SNAPSHOT, readFileSync(SOURCE_SCHEMA, "utf8"));
}

async function main(argv: string[]): Promise<void> {
  const [command = "apply", name] = argv;
  if (command === "apply") {
    const applied = await applyMigrations();
    console.log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database is up to date; no migration applied.");
  } else if (command === "create") {
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: npm run db:migration -- <name> (lower-case letters, digits, _)");
    await createMigrations(name);
  } else {
    throw new Error(`unknown command "${command}" (apply | create <name>)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
