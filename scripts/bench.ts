// `npm run bench`: runs every bench/*.bench.ts in turn.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { generateClients } from "./db/generate.ts";
import { ROOT } from "./db/schema.ts";

generateClients();
let failed = false;
for (const file of readdirSync(path.join(ROOT, "bench")).filter((f) => f.endsWith(".bench.ts")).sort()) {
  console.log(`\n=== bench/${file}`);
  const run = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "bench", file)], { cwd: ROOT, stdio: "inherit" });
  failed ||= run.status !== 0;
}
process.exit(failed ? 1 : 0);
