// One schema, two providers: prisma/schema.prisma is written for SQLite; the PostgreSQL variant
// is derived here (provider and client output swapped), so no model is ever written twice.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type Provider = "sqlite" | "postgresql";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const SOURCE_SCHEMA = path.join(ROOT, "prisma/schema.prisma");
/** prisma/schema.prisma as of the newest migration: the starting point of the next one. */
export const SNAPSHOT = path.join(ROOT, "prisma/migrations/schema.snapshot.prisma");

/** Where each provider's schema file lives (the PostgreSQL one is generated, not committed). */
export function schemaPath(provider: Provider): string {
  return provider === "sqlite" ? SOURCE_SCHEMA : path.join(ROOT, "prisma/postgres/schema.prisma");
}

/** The committed migration folders of a provider: ordinary Prisma migration directories. */
export function migrationsDir(provider: Provider): string {
  return path.join(ROOT, "prisma/migrations", provider === "sqlite" ? "sqlite" : "postgres");
}

/** Schema text for a provider, derived from the single source file. */
export function schemaFor(provider: Provider, source = readFileSync(SOURCE_SCHEMA, "utf8")): string {
  if (provider === "sqlite") return source;
  const derived = source
    .replace(/provider = "sqlite"/, 'provider = "postgresql"')
    .replace('output                 = "../lib/db/generated/sqlite"', 'output                 = "../../lib/db/generated/postgres"');
  if (derived === source || !derived.includes("generated/postgres")) {
    throw new Error("prisma/schema.prisma: could not derive the PostgreSQL schema (provider or output line changed)");
  }
  return `// GENERATED from prisma/schema.prisma by scripts/db/schema.ts. Do not edit.\n${derived}`;
}

/** Writes the derived PostgreSQL schema next to its migrations; returns its path. */
export function writeDerivedSchema(): string {
  const target = schemaPath("postgresql");
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, schemaFor("postgresql"));
  return target;
}
