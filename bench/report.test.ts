import { describe, expect, it } from "vitest";
import { renderReport, type Machine } from "./report";
import type { BenchResult } from "./result";

const machine: Machine = { cpu: "Test CPU", cores: 2, memoryBytes: 4 * 2 ** 30, loadAverage: [0.5, 0.4, 0.3], os: "Debian", versions: { Node: "20.19.0" }, date: "2026-01-01T00:00:00Z" };

function result(database: "sqlite" | "postgres", rows: BenchResult["rows"], met: boolean): BenchResult {
  return {
    bench: "http",
    database,
    title: "HTTP",
    parameters: { rounds: 3, "fixed rate": database === "sqlite" ? 800 : 600 },
    columns: ["scenario", "p50", "result"],
    rows,
    targets: [{ target: "p50 ≤ 1.25× bare", measured: met ? "1.10×" : "1.60×", met, ...(!met && { why: "the session read" }) }],
    notes: ["Same note on both.", `Only ${database}.`],
  };
}

describe("renderReport", () => {
  const sqlite = result("sqlite", [["bare", "1.0 ms", "baseline"], ["me | token", "1.1 ms", "1.10×"]], true);
  const postgres = result("postgres", [["me | token", "1.6 ms", "1.60×"], ["only on postgres", "2 ms", ""]], false);
  const at = new Map([[sqlite, "2026-01-01T00:00:00Z"], [postgres, "2026-01-01T00:05:00Z"]]);
  const document = renderReport(machine, [sqlite, postgres], at, "benchmarks.svg");

  it("puts each row's SQLite and PostgreSQL cells side by side, matched by the first cell", () => {
    expect(document).toContain("| scenario | p50 (SQLite) | p50 (PostgreSQL) | result (SQLite) | result (PostgreSQL) |");
    expect(document).toContain("| me \\| token | 1.1 ms | 1.6 ms | 1.10× | 1.60× |");
    expect(document).toContain("| bare | 1.0 ms |  | baseline |  |");
    expect(document).toContain("| only on postgres |  | 2 ms |  |  |");
  });

  it("says per database whether a target was met, and why it was missed", () => {
    expect(document).toContain("| p50 ≤ 1.25× bare | 1.10× ✅ met | 1.60× ❌ missed | PostgreSQL: the session read |");
  });

  it("shows the machine, both databases' parameters, the chart and each note once", () => {
    expect(document).toContain("| CPU | Test CPU, 2 cores |");
    expect(document).toContain("| load average (1, 5, 15 min) when rendered | 0.5, 0.4, 0.3 on 2 cores |");
    expect(document).toContain("| fixed rate | 800 | 600 |");
    expect(document).toContain("![");
    expect(document).toContain("](benchmarks.svg)");
    expect(document.match(/Same note on both/g)).toHaveLength(1);
  });

  it("marks a database that was not measured", () => {
    const alone = renderReport(machine, [sqlite], new Map([[sqlite, "2026-01-01T00:00:00Z"]]), "benchmarks.svg");
    expect(alone).toContain("Not measured this time: PostgreSQL");
    expect(alone).toContain("| p50 ≤ 1.25× bare | 1.10× ✅ met | not run |  |");
  });
});
