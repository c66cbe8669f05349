// Entry point of `npm start`, `npm test` and `npm run dev` on a fresh clone: plain Node, no
// dependencies, so it can run before `npm install`. It installs what is missing, then hands over
// to the TypeScript script named on the command line.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error("usage: node scripts/bootstrap.mjs <script.ts> [args…]");
  process.exit(2);
}

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Gatehouse needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
  process.exit(1);
}

function installIsCurrent() {
  const marker = path.join(root, "node_modules/.package-lock.json");
  if (!existsSync(marker) || !existsSync(path.join(root, "node_modules/.bin/tsx"))) return false;
  const lock = path.join(root, "package-lock.json");
  return !existsSync(lock) || statSync(lock).mtimeMs <= statSync(marker).mtimeMs || sameDependencies(lock, marker);
}

// A fresh clone gives package-lock.json a new mtime; compare contents before reinstalling.
function sameDependencies(lockPath, markerPath) {
  const versions = (file) => {
    const { packages = {} } = JSON.parse(readFileSync(file, "utf8"));
    return Object.entries(packages)
      .filter(([name]) => name.startsWith("node_modules/"))
      .map(([name, meta]) => `${name}@${meta.version}`)
      .sort()
      .join("\n");
  };
  try {
    return versions(lockPath) === versions(markerPath);
  } catch {
    return false;
  }
}

if (!installIsCurrent()) {
  console.log("Installing dependencies (npm ci)…");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const install = spawnSync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: root, stdio: "inherit" });
  if (install.status !== 0) {
    console.error("npm ci failed; see the lines above. Fix the cause and run the command again.");
    process.exit(install.status ?? 1);
  }
}

// A deployment's settings may sit in .env (`npm run secrets:generate` prints its secrets); the
// environment wins over the file. Tests stay hermetic: `npm test` never reads it.
const envFile = path.join(root, ".env");
if (script !== "test.ts" && existsSync(envFile)) process.loadEnvFile(envFile);

// The hooks resolve `server-only` to its empty module, so scripts can use lib/ directly (not the
// `react-server` condition: under it react-dom/server refuses to load, and e-mails are rendered
// with it).
const run = spawn(process.execPath, ["--import", pathToFileURL(path.join(root, "scripts/lib/server-only-register.mjs")).href, "--import", "tsx", path.join(root, "scripts", script), ...args], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
// A stop asked of the launcher (npm forwards SIGTERM and SIGINT to it) is passed on, and the
// launcher waits for the script to finish stopping, so nothing is left serving as an orphan.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => run.kill(signal));
run.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
