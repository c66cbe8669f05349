// What every bench shares: its command line, a fresh database of its own, and the statistics.
// Figures are read as ratios to a baseline measured in the same run on the same machine, never as
// absolute times to compare across machines.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import type { Database } from "./result.ts";

/** The PostgreSQL server the benches create their databases in (the integration tests' server). */
export const DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface BenchOptions {
  database: Database;
  /** Seconds per measured round of one scenario. */
  duration: number;
  /** Rounds per scenario, each interleaved with its baseline; ratios are the median over rounds. */
  rounds: number;
  /** Where to create the PostgreSQL database (any database of the server: the bench makes its own). */
  postgresUrl: string;
  /** The remaining flags, for the bench's own. */
  flags: Record<string, string | undefined>;
}

/** Parses `--database sqlite|postgres --duration <s> --rounds <n> --postgres-url <url>` and the bench's own flags. */
export function benchOptions(own: string[] = []): BenchOptions {
  const { values } = parseArgs({
    options: {
      database: { type: "string", default: "sqlite" },
      duration: { type: "string", default: "5" },
      rounds: { type: "string", default: "3" },
      "postgres-url": { type: "string", default: DEFAULT_POSTGRES_URL },
      ...Object.fromEntries(own.map((name) => [name, { type: "string" as const }])),
    },
  });
  const database = values.database;
  if (database !== "sqlite" && database !== "postgres") throw new Error(`--database must be sqlite or postgres, not ${database}`);
  const duration = Number(values.duration);
  const rounds = Number(values.rounds);
  if (!(duration > 0) || !Number.isInteger(rounds) || rounds < 1) throw new Error("--duration must be seconds > 0 and --rounds a whole number ≥ 1");
  const flags = Object.fromEntries(own.map((name) => [name, (values as Record<string, string | undefined>)[name]]));
  return { database, duration, rounds, postgresUrl: values["postgres-url"]!, flags };
}

function withDatabaseName(url: string, name: string): string {
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

/** Whether PostgreSQL answers at `url` within two seconds. */
export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A new, empty database for one bench run: a SQLite file in a temporary directory, or
 * `gatehouse_bench_<random>` on the PostgreSQL server. `drop` removes it (PostgreSQL: with the
 * connections still open to it, so a crashed server cannot leave it behind).
 */
export async function freshDatabase(database: Database, postgresUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (database === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-bench-"));
    return { url: `file:${path.join(dir, "gatehouse.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `gatehouse_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  return { url: withDatabaseName(postgresUrl, name), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** The `p`-th percentile (0…100) of `values`, nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** `1.23×`. */
export function times(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "n/a";
}

/** Milliseconds, with the precision a reader needs: `0.042 ms`, `3.1 ms`, `120 ms`. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  return `${value < 1 ? value.toFixed(3) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
}

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}
