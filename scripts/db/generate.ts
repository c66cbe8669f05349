// Generates the Prisma client for both providers (lib/db/generated/{sqlite,postgres}), skipping
// the work when prisma/schema.prisma has not changed since the last run.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ROOT, SOURCE_SCHEMA, schemaPath, writeDerivedSchema } from "./schema.ts";

const require = createRequire(import.meta.url);
const STAMP = path.join(ROOT, "lib/db/generated/.schema-hash");

/** Runs `prisma generate` for both providers unless the generated clients are current. */
export function generateClients({ force = false } = {}): boolean {
  const hash = createHash("sha256").update(readFileSync(SOURCE_SCHEMA)).update(readFileSync(require.resolve("prisma/package.json"))).digest("hex");
  if (!force && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash) return false;
  writeDerivedSchema();
  const cli = require.resolve("prisma/build/index.js");
  for (const schema of [SOURCE_SCHEMA, schemaPath("postgresql")]) {
    const run = spawnSync(process.execPath, [cli, "generate", "--schema", schema], {
      cwd: ROOT,
      encoding: "utf8",
      env: {
        ...process.env,
        // The generated client needs no engine binary, but the CLI looks for the schema engine
        // before generating and would try to download it; any existing file satisfies the check.
        PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
        PRISMA_DISABLE_WARNINGS: "1",
      },
    });
    // Quiet when it works; everything Prisma said when it does not.
    if (run.status !== 0) throw new Error(`prisma generate failed for ${path.relative(ROOT, schema)}:\n${run.stdout}${run.stderr}`);
  }
  writeFileSync(STAMP, hash);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const generated = generateClients({ force: process.argv.includes("--force") });
  console.log(generated ? "Generated the Prisma clients (SQLite, PostgreSQL)." : "Prisma clients are up to date.");
}
