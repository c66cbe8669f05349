// Everything between a fresh clone and a database Gatehouse can serve: secrets (embedded mode),
// Prisma clients, migrations, demo data. Each step says in one line what went wrong.
import { accessSync, constants, mkdirSync, writeFileSync, rmSync } from "node:fs";
import path from "node:path";
import { appEnv, ConfigError, databaseEnv, mailEnv, secretsEnv, signingKeysEnv } from "../../lib/env.ts";
import { generateClients } from "../db/generate.ts";
import { applyMigrations } from "../db/migrate.ts";
import { ROOT } from "../db/schema.ts";
import { loadDevelopmentSecrets } from "./secrets.ts";

/** A start-up failure with the one line to show. */
export class StartupError extends Error {
  override name = "StartupError";
}

export const DATA_DIR = path.join(ROOT, "data");

/** Embedded mode: SQLite, so a demo; development secrets and demo data are allowed. */
export function isEmbedded(): boolean {
  return databaseEnv().provider === "sqlite";
}

function checkWritable(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    const probe = path.join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    const shown = dir.startsWith(`${ROOT}${path.sep}`) ? path.relative(ROOT, dir) : dir;
    throw new StartupError(`Cannot write to ${shown}/ (${(error as NodeJS.ErrnoException).code ?? String(error)}): Gatehouse keeps its database and development secrets there. Make it writable or set DATABASE_URL.`);
  }
}

function describeDatabaseError(url: string, error: unknown): string {
  const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  if (url.startsWith("file:")) return `Cannot open the SQLite database ${url.slice(5)}: ${message}`;
  const target = new URL(url);
  return `Cannot reach PostgreSQL at ${target.hostname}:${target.port || 5432}/${target.pathname.slice(1)} (DATABASE_URL): ${message}`;
}

export interface PrepareOptions {
  /** Seed the demo data into an empty embedded database (default true). */
  seed?: boolean;
  log?: (line: string) => void;
}

/** Prepares the database and configuration; returns whether demo data was seeded now. */
export async function prepare({ seed = true, log = console.log }: PrepareOptions = {}): Promise<{ seeded: boolean }> {
  let database: ReturnType<typeof databaseEnv>;
  try {
    database = databaseEnv();
  } catch (error) {
    throw new StartupError(error instanceof ConfigError ? `Invalid configuration: ${error.message}` : String(error));
  }
  if (database.provider === "sqlite") {
    checkWritable(DATA_DIR);
    checkWritable(path.dirname(path.resolve(ROOT, database.url.slice(5))));
    loadDevelopmentSecrets(DATA_DIR);
  }
  try {
    // Read now so a missing or malformed secret stops start-up, not the first request.
    secretsEnv();
    signingKeysEnv();
    appEnv();
    mailEnv();
  } catch (error) {
    throw new StartupError(error instanceof ConfigError ? `Invalid configuration: ${error.message}` : String(error));
  }
  if (generateClients()) log("Generated the Prisma clients.");
  try {
    const applied = await applyMigrations(database.url);
    if (applied.length) log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
  } catch (error) {
    throw new StartupError(describeDatabaseError(database.url, error));
  }
  if (!seed || database.provider !== "sqlite") return { seeded: false };
  // Imported late: the seed pulls in lib/ modules that read the secrets loaded above.
  const { seedDemoIfEmpty } = await import("../../prisma/seed.ts");
  const seeded = await seedDemoIfEmpty();
  if (seeded) log("Seeded the demo data.");
  return { seeded };
}
