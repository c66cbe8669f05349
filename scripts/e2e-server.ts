// The server the e2e suite drives: the production build on a fresh embedded database with the
// demo data, on E2E_PORT. Started by Playwright (playwright.config.ts); `npm test` builds first.
import { rmSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./db/schema.ts";
import { prepare, StartupError } from "./lib/prepare.ts";
import { buildIfNeeded, serve } from "./lib/server.ts";

const dir = path.join(ROOT, "test-results/e2e-db");
rmSync(dir, { recursive: true, force: true });
process.env.DATABASE_URL = `file:${path.join(dir, "gatehouse.db")}`;
process.env.PORT = process.env.E2E_PORT ?? "3199";

try {
  await prepare({ log: () => {} });
  buildIfNeeded();
  await serve(Number(process.env.PORT));
} catch (error) {
  console.error(error instanceof StartupError ? error.message : String(error));
  process.exit(1);
}
