// `npm test`: the lint, then the whole suite — unit, integration on SQLite and PostgreSQL, e2e in
// Chromium — ending with one line `tests: N passed, N failed, N skipped`. Exit code 0 only when
// the lint is clean and all tests passed.
//   npm test -- --no-e2e     unit and integration only
//   npm test -- --e2e-only   e2e only
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { postgresReachable, TEST_POSTGRES_URL } from "../lib/testing/databases.ts";
import { chromiumPath } from "../playwright.config.ts";
import { generateClients } from "./db/generate.ts";
import { ROOT } from "./db/schema.ts";
import { loadDevelopmentSecrets } from "./lib/secrets.ts";
import { buildIfNeeded } from "./lib/server.ts";
import { DATA_DIR } from "./lib/prepare.ts";

const args = new Set(process.argv.slice(2));
const RESULTS = path.join(ROOT, "test-results");
const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

function run(command: string, commandArgs: string[], env: Record<string, string> = {}): boolean {
  const result = spawnSync(process.execPath, [command, ...commandArgs], { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status === 0;
}

function readJson<T>(file: string): T | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : null;
}

// First, and it fails the run: the edge boundary (STYLE.md §2) is one of its rules. The tests
// still run, so one run shows everything that is wrong.
console.log("lint: eslint --max-warnings=0 .");
const linted = run(path.join(ROOT, "node_modules/eslint/bin/eslint.js"), ["--max-warnings=0", "."]);
ok &&= linted;

mkdirSync(RESULTS, { recursive: true });
generateClients();

if (!args.has("--e2e-only")) {
  const projects = ["unit", "sqlite"];
  if (await postgresReachable()) projects.push("postgres");
  else console.log(`\nPostgreSQL is not reachable at ${new URL(TEST_POSTGRES_URL).host}: skipping the PostgreSQL integration tests (set GATEHOUSE_TEST_POSTGRES_URL to use another server).\n`);
  const report = path.join(RESULTS, "vitest.json");
  rmSync(report, { force: true });
  const passed = run(path.join(ROOT, "node_modules/vitest/vitest.mjs"), ["run", ...projects.flatMap((p) => ["--project", p]), "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]);
  const vitest = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(report);
  if (vitest) {
    totals.passed += vitest.numPassedTests;
    totals.failed += vitest.numFailedTests;
    totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
  }
  ok &&= passed && vitest !== null;
}

if (!args.has("--no-e2e")) {
  if (!chromiumPath) {
    console.error("\nNo Chromium found for the e2e tests: install Debian's `chromium` (apt-get install chromium) or set PLAYWRIGHT_CHROMIUM_PATH.");
    ok = false;
  } else {
    // The build reads no secret, but the e2e server does: it uses the development ones.
    loadDevelopmentSecrets(DATA_DIR);
    buildIfNeeded();
    const report = path.join(RESULTS, "playwright.json");
    rmSync(report, { force: true });
    const passed = run(path.join(ROOT, "node_modules/@playwright/test/cli.js"), ["test"], { NODE_OPTIONS: "--conditions=react-server", PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" });
    const playwright = readJson<{ stats: { expected: number; unexpected: number; skipped: number; flaky: number } }>(report);
    if (playwright) {
      totals.passed += playwright.stats.expected + playwright.stats.flaky;
      totals.failed += playwright.stats.unexpected;
      totals.skipped += playwright.stats.skipped;
    }
    ok &&= passed && playwright !== null;
  }
}

if (!linted) console.log("\nlint: failed (ESLint's report is at the top)");
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
