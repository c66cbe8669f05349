// `npm start`: prepare the database (and demo data on first run), build when the sources changed,
// serve on PORT, and print the URL and the demo sign-ins.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { appEnv } from "../lib/env.ts";
import { DEMO } from "../prisma/seed.ts";
import { ROOT } from "./db/schema.ts";
import { isEmbedded, prepare, StartupError } from "./lib/prepare.ts";

const NEXT = path.join(ROOT, "node_modules/next/dist/bin/next");
const BUILD_STAMP = path.join(ROOT, ".next/gatehouse-build-hash");
const BUILD_INPUTS = ["app", "lib", "emails", "public", "middleware.ts", "next.config.ts", "package-lock.json", "tsconfig.json", "prisma/schema.prisma"];

/** Hash of everything `next build` reads, to rebuild only when the sources changed. */
function sourceHash(): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    const full = path.join(ROOT, entry);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const child of readdirSync(full).sort()) {
        if (child === "node_modules" || child === "generated" || child.endsWith(".test.ts")) continue;
        visit(path.join(entry, child));
      }
    } else {
      hash.update(entry).update(readFileSync(full));
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

function buildIfNeeded(): void {
  const hash = sourceHash();
  if (existsSync(BUILD_STAMP) && readFileSync(BUILD_STAMP, "utf8") === hash) return;
  console.log("Building Gatehouse (next build)…");
  const build = spawnSync(process.execPath, [NEXT, "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) throw new StartupError("next build failed; see the lines above.");
  writeFileSync(BUILD_STAMP, hash);
}

function ensurePortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(new StartupError(error.code === "EADDRINUSE" ? `Port ${port} is already in use. Stop what is using it or choose another: PORT=3001 npm start` : `Cannot listen on port ${port}: ${error.message}`)),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

async function waitUntilServing(url: string, child: ReturnType<typeof spawn>): Promise<void> {
  for (let attempt = 0; attempt < 600 && child.exitCode === null; attempt++) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new StartupError("Gatehouse did not start; see the lines above.");
}

function printWelcome(url: string): void {
  const lines = [
    "",
    `Gatehouse is running at ${url}`,
    "",
  ];
  if (isEmbedded()) {
    lines.push(
      "Demo sign-ins (embedded database data/gatehouse.db):",
      `  ${DEMO.ada.email.padEnd(26)} ${DEMO.ada.password.padEnd(20)} TOTP secret ${DEMO.ada.totpSecret}`,
      `  ${DEMO.bob.email.padEnd(26)} ${DEMO.bob.password.padEnd(20)} no MFA`,
      `  ${DEMO.landlord.email.padEnd(26)} ${DEMO.landlord.password.padEnd(20)} TOTP secret ${DEMO.landlord.totpSecret} (landlord admin)`,
      "  Current codes: npm run totp -- <secret>",
      "",
    );
  }
  lines.push("Press Ctrl+C to stop.");
  console.log(lines.join("\n"));
}

async function main(): Promise<void> {
  await prepare();
  const { port } = appEnv();
  await ensurePortFree(port);
  buildIfNeeded();
  const url = `http://localhost:${port}`;
  const child = spawn(process.execPath, [NEXT, "start", "--port", String(port)], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
  await waitUntilServing(url, child);
  printWelcome(url);
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError ? error.message : `Gatehouse could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
