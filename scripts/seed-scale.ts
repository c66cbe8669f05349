// `npm run db:seed-scale -- --scale 1|10|100`: migrates the database in DATABASE_URL (SQLite or
// PostgreSQL; it must have no users or workspaces yet) and fills it with scale data
// (scripts/lib/scale-data.ts: at 100, 10,000 workspaces, 100,000 users, 1,000,000 sessions and
// 1,000,000 audit events). Prints rows/s per table, the time taken, and the password and TOTP
// secret every seeded user shares (user<n>@scale.example).
import { parseArgs } from "node:util";
import { prepare, StartupError } from "./lib/prepare.ts";
import { SCALES, type Scale } from "./lib/scale-data.ts";

const { values } = parseArgs({ options: { scale: { type: "string" } } });
const scale = Number(values.scale) as Scale;
if (!SCALES.includes(scale)) {
  console.error(`usage: npm run db:seed-scale -- --scale ${SCALES.join("|")}`);
  process.exit(2);
}

try {
  await prepare({ seed: false, log: () => {} });
  const { databaseEnv } = await import("../lib/env.ts");
  const { seedScaleData } = await import("./lib/scale-data.ts");
  const report = await seedScaleData(databaseEnv().url, scale);
  for (const table of report.tables) console.log(`${table.table.padEnd(20)} ${String(table.rows).padStart(9)} rows in ${table.seconds.toFixed(1).padStart(6)} s  ${String(table.rowsPerSecond).padStart(8)} rows/s`);
  const total = Object.values(report.rows).reduce((sum, rows) => sum + rows, 0);
  console.log(`Seeded scale ${scale}: ${total} rows in ${report.seconds.toFixed(1)} s (${Math.round(total / report.seconds)} rows/s).`);
  console.log(`Every user (user1@scale.example … user${report.rows.User}@scale.example) signs in with the password ${report.password}; every fifth one also has TOTP with the secret ${report.totpSecret}.`);
} catch (error) {
  console.error(error instanceof StartupError ? error.message : `seed-scale failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
