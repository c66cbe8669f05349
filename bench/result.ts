// What every bench writes for the report: `bench/results/<bench>.<database>.json`, one file per
// bench and database. `npm run bench` (scripts/bench.ts) runs each bench on SQLite and on
// PostgreSQL and renders every result into docs/benchmarks.md, the two databases side by side.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export type Database = "sqlite" | "postgres";

/** One target of issue 9, measured: met, or missed by how much and why. */
export interface TargetResult {
  /** The wording, short: "p50 ≤ 1.25× bare". */
  target: string;
  /** What was measured, with its unit: "1.12×", "0.08 ms". */
  measured: string;
  met: boolean;
  /** When missed: by how much and why (a measurement, not a guess). */
  why?: string;
}

export interface BenchResult {
  /** The bench file's name without `.bench.ts`: "http", "scale". */
  bench: string;
  database: Database;
  /** The section heading in docs/benchmarks.md. */
  title: string;
  /** Parameters worth quoting: connections, rounds, duration, rates, data sizes. */
  parameters: Record<string, string | number>;
  /** A table: its column names and rows (numbers already rounded for reading). */
  columns: string[];
  rows: Array<Array<string | number>>;
  targets: TargetResult[];
  notes: string[];
  /**
   * Series for the chart, if this bench has one: label → value (e.g. ratio to baseline), and the
   * issue's target for it when there is one (drawn as a tick beside the bar).
   */
  chart?: { title: string; unit: string; series: Array<{ label: string; value: number; target?: number }> };
}

export const RESULTS_DIR = path.join(import.meta.dirname, "results");

export function writeResult(result: BenchResult): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${result.bench}.${result.database}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
