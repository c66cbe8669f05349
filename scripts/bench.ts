// `npm run bench`: every bench/*.bench.ts on SQLite and then PostgreSQL (skipped, saying so, when
// the server does not answer), then docs/benchmarks.md and docs/benchmarks.svg from all results.
//   npm run bench -- [--database sqlite|postgres] [--only http] [--duration 5] [--rounds 3] [--postgres-url <url>] [--report-only]
// --duration and --rounds are passed to each bench only when given (each has its defaults);
// --report-only renders the documents from the result files already there.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { renderChart } from "../bench/chart.ts";
import { DEFAULT_POSTGRES_URL, postgresReachable } from "../bench/lib.ts";
import { renderReport, type Machine } from "../bench/report.ts";
import { RESULTS_DIR, type BenchResult } from "../bench/result.ts";
import { generateClients } from "./db/generate.ts";
import { ROOT } from "./db/schema.ts";

const { values } = parseArgs({
  options: {
    database: { type: "string" },
    only: { type: "string" },
    duration: { type: "string" },
    rounds: { type: "string" },
    "postgres-url": { type: "string", default: DEFAULT_POSTGRES_URL },
    "report-only": { type: "boolean", default: false },
  },
});
const postgresUrl = values["postgres-url"]!;
const databases = values.database ? [values.database] : ["sqlite", "postgres"];
if (databases.some((d) => d !== "sqlite" && d !== "postgres")) throw new Error(`--database must be sqlite or postgres, not ${values.database}`);
const benches = readdirSync(path.join(ROOT, "bench"))
  .filter((file) => file.endsWith(".bench.ts") && (!values.only || file === `${values.only}.bench.ts`))
  .sort();
if (!benches.length) throw new Error(`no bench/${values.only ?? "*"}.bench.ts`);
const passed = [...(values.duration ? ["--duration", values.duration] : []), ...(values.rounds ? ["--rounds", values.rounds] : []), "--postgres-url", postgresUrl];

generateClients();
let failed = false;
for (const database of values["report-only"] ? [] : databases) {
  if (database === "postgres" && !(await postgresReachable(postgresUrl))) {
    console.log(`\nPostgreSQL does not answer at ${new URL(postgresUrl).host}: skipping the PostgreSQL benches (--postgres-url to point elsewhere).`);
    continue;
  }
  for (const file of benches) {
    console.log(`\n=== bench/${file} --database ${database}`);
    // As scripts/bootstrap.mjs runs scripts: `server-only` resolved to its empty module.
    const register = pathToFileURL(path.join(ROOT, "scripts/lib/server-only-register.mjs")).href;
    const run = spawnSync(process.execPath, ["--import", register, "--import", "tsx", path.join(ROOT, "bench", file), "--database", database, ...passed], { cwd: ROOT, stdio: "inherit" });
    if (run.status !== 0) console.error(`bench/${file} on ${database} failed (exit ${run.status ?? run.signal}); its earlier result, if any, is kept.`);
    failed ||= run.status !== 0;
  }
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}

async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return ((await client.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "?").split(" ")[0]!;
  } catch {
    return "not reachable";
  } finally {
    await client.end().catch(() => {});
  }
}

function osName(): string {
  const osRelease = existsSync("/etc/os-release") ? /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] : undefined;
  return `${osRelease ?? process.platform}, kernel ${release()}`;
}

const memory = new Database(":memory:");
const machine: Machine = {
  cpu: cpus()[0]?.model.trim() ?? "unknown",
  cores: availableParallelism(),
  memoryBytes: totalmem(),
  loadAverage: loadavg(),
  os: osName(),
  versions: {
    Node: process.versions.node,
    Next: packageVersion("next"),
    Prisma: packageVersion("@prisma/client"),
    PostgreSQL: await postgresVersion(),
    SQLite: `${(memory.prepare("SELECT sqlite_version() AS version").get() as { version: string }).version} (better-sqlite3 ${packageVersion("better-sqlite3")})`,
    autocannon: packageVersion("autocannon"),
  },
  date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
};
memory.close();

const files = existsSync(RESULTS_DIR) ? readdirSync(RESULTS_DIR).filter((f) => f.endsWith(".json")).sort() : [];
const measuredAt = new Map<BenchResult, string>();
const results = files.map((file) => {
  const result = JSON.parse(readFileSync(path.join(RESULTS_DIR, file), "utf8")) as BenchResult;
  measuredAt.set(result, statSync(path.join(RESULTS_DIR, file)).mtime.toISOString().replace(/\.\d+Z$/, "Z"));
  return result;
});
writeFileSync(path.join(ROOT, "docs/benchmarks.svg"), renderChart(results));
writeFileSync(path.join(ROOT, "docs/benchmarks.md"), renderReport(machine, results, measuredAt, "benchmarks.svg"));
console.log(`\nWrote docs/benchmarks.md and docs/benchmarks.svg from ${files.length} result file(s).`);
process.exit(failed ? 1 : 0);
