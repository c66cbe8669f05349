import { describe, expect, it } from "vitest";
import { DATABASE_COLOURS, renderChart } from "./chart";
import type { BenchResult } from "./result";

function result(database: "sqlite" | "postgres", series: Array<{ label: string; value: number; target?: number }>): BenchResult {
  return { bench: "http", database, title: "HTTP", parameters: {}, columns: ["scenario"], rows: [], targets: [], notes: [], chart: { title: "ratios", unit: "×", series } };
}

describe("renderChart", () => {
  const svg = renderChart([result("sqlite", [{ label: "me ÷ bare <p50>", value: 1.2, target: 1.25 }, { label: "key ÷ token", value: 4 }]), result("postgres", [{ label: "me ÷ bare <p50>", value: 2 }])]);

  it("draws a bar per database and series, each the colour of its database", () => {
    expect(svg.match(new RegExp(`fill="${DATABASE_COLOURS.sqlite}"><title>`, "g"))).toHaveLength(2);
    expect(svg.match(new RegExp(`fill="${DATABASE_COLOURS.postgres}"><title>`, "g"))).toHaveLength(1);
    expect(svg).toContain("<title>PostgreSQL: 2.00 ×</title>");
  });

  it("scales bars to the largest value, which still fits", () => {
    const widths = [...svg.matchAll(/<rect x="330" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...widths)).toBeLessThanOrEqual(520);
    // In drawing order: SQLite 1.2, PostgreSQL 2, then SQLite 4.
    expect(widths.map((w) => w / widths[0]!)).toEqual([1, expect.closeTo(2 / 1.2, 2), expect.closeTo(4 / 1.2, 2)]);
  });

  it("marks the target and escapes labels", () => {
    expect(svg.match(/stroke="#c0392b"/g)).toHaveLength(2); // the legend's and the one target
    expect(svg).toContain("me ÷ bare &lt;p50&gt;");
    expect(svg).not.toContain("<p50>");
  });
});
