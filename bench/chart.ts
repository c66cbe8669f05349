// The benchmarks' chart, drawn as SVG from the result files: per bench a panel, per series a
// SQLite and a PostgreSQL bar, the issue's target as a tick across them. Hand-written: it is a
// few rectangles and lines of text, while the charting libraries render in a browser (a DOM or a
// canvas) or bring a native graphics stack, and a charting service would send the figures away.
import type { BenchResult, Database } from "./result.ts";

export const DATABASE_COLOURS: Record<Database, string> = { sqlite: "#2f6db5", postgres: "#d9822b" };
const DATABASE_NAMES: Record<Database, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };
const DATABASES: Database[] = ["sqlite", "postgres"];

const WIDTH = 960;
const LABEL_WIDTH = 330;
const BAR_AREA = 520;
const BAR = 11;
const ROW = 2 * BAR + 12;
const PANEL_TITLE = 34;

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const number = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));

/** One SVG of every bench that has a chart; benches are matched across databases by name, series by label. */
export function renderChart(results: readonly BenchResult[]): string {
  const benches = [...new Set(results.filter((r) => r.chart).map((r) => r.bench))];
  const parts: string[] = [];
  let y = 44;
  for (const bench of benches) {
    const of = (database: Database) => results.find((r) => r.bench === bench && r.database === database)?.chart;
    const charts = DATABASES.map(of);
    const first = charts.find(Boolean)!;
    const labels = [...new Set(charts.flatMap((chart) => chart?.series.map((s) => s.label) ?? []))];
    const values = charts.flatMap((chart) => chart?.series.flatMap((s) => [s.value, s.target ?? 0]) ?? []).filter(Number.isFinite);
    const max = Math.max(...values, 1e-9) * 1.08;
    const x = (value: number) => LABEL_WIDTH + (Math.max(0, value) / max) * BAR_AREA;
    parts.push(`<text x="16" y="${y + 20}" font-size="15" font-weight="600">${escapeXml(`${bench}: ${first.title}`)}</text>`);
    y += PANEL_TITLE;
    if (first.unit === "×") parts.push(`<line x1="${x(1)}" y1="${y - 6}" x2="${x(1)}" y2="${y + labels.length * ROW}" stroke="#999" stroke-dasharray="3 3"/><text x="${x(1) + 3}" y="${y - 8}" font-size="10" fill="#666">1×</text>`);
    for (const label of labels) {
      parts.push(`<text x="${LABEL_WIDTH - 8}" y="${y + BAR + 4}" font-size="12" text-anchor="end">${escapeXml(label)}</text>`);
      DATABASES.forEach((database, i) => {
        const point = charts[i]?.series.find((s) => s.label === label);
        const top = y + i * BAR;
        if (!point || !Number.isFinite(point.value)) return;
        parts.push(
          `<rect x="${LABEL_WIDTH}" y="${top}" width="${(x(point.value) - LABEL_WIDTH).toFixed(1)}" height="${BAR - 1}" fill="${DATABASE_COLOURS[database]}"><title>${escapeXml(`${DATABASE_NAMES[database]}: ${number(point.value)} ${first.unit}`)}</title></rect>`,
          `<text x="${(x(point.value) + 4).toFixed(1)}" y="${top + BAR - 2}" font-size="10">${number(point.value)}${escapeXml(first.unit)}</text>`,
        );
        if (point.target !== undefined) parts.push(`<line x1="${x(point.target).toFixed(1)}" y1="${top - 1}" x2="${x(point.target).toFixed(1)}" y2="${top + BAR}" stroke="#c0392b" stroke-width="2.5"/>`);
      });
      y += ROW;
    }
    y += 16;
  }
  const legend = DATABASES.map((database, i) => `<rect x="${16 + i * 130}" y="12" width="14" height="14" fill="${DATABASE_COLOURS[database]}"/><text x="${36 + i * 130}" y="24" font-size="12">${DATABASE_NAMES[database]}</text>`).join("");
  const targetKey = `<line x1="290" y1="12" x2="290" y2="26" stroke="#c0392b" stroke-width="2.5"/><text x="298" y="24" font-size="12">target</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="system-ui, sans-serif" role="img" aria-label="Gatehouse benchmarks: ratios and latencies per scenario, SQLite and PostgreSQL">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    legend + targetKey,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}
