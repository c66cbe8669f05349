// Building and serving the Next.js app, shared by `npm start` and the e2e suite's server.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { ROOT } from "../db/schema.ts";
import { StartupError } from "./prepare.ts";

const NEXT = path.join(ROOT, "node_modules/next/dist/bin/next");
const BUILD_STAMP = path.join(ROOT, ".next/gatehouse-build-hash");
const BUILD_INPUTS = ["app", "lib", "emails", "public", "middleware.ts", "next.config.ts", "package-lock.json", "tsconfig.json", "prisma/schema.prisma"];

/** Hash of everything `next build` reads, so a build happens only when the sources changed. */
function sourceHash(): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    const full = path.join(ROOT, entry);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const child of readdirSync(full).sort()) {
        if (child === "node_modules" || child === "generated" || child === "testing" || /\.(int\.)?test\.tsx?$/.test(child)) continue;
        visit(path.join(entry, child));
      }
    } else {
      hash.update(entry).update(readFileSync(full));
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

/**
 * The environment of `next build` and the server. Both run with NODE_ENV=production, which
 * requires APP_URL (lib/env.ts): when the person starting Gatehouse has not said they run
 * production, the local origin stands in for it, as it does everywhere else (the build bakes in
 * no origin, so its port does not matter), and GATEHOUSE_LOCAL_RUN tells lib/env.ts mailEnv that
 * mail without a Resend key may go to the local mailbox.
 */
export function nextEnv(port = 3000): NodeJS.ProcessEnv {
  const saidProduction = process.env.NODE_ENV === "production";
  const local = !saidProduction && !process.env.APP_URL?.trim();
  return {
    ...process.env,
    // Next picks the react-server condition for its own bundles; inherited for the whole process
    // (the e2e runner sets it for Playwright) it would also reach the packages Next leaves to
    // Node, and react-dom/server, which renders e-mails, refuses to load under it.
    NODE_OPTIONS: (process.env.NODE_OPTIONS ?? "").replace(/--conditions[= ]react-server/g, "").trim(),
    ...(local && { APP_URL: `http://localhost:${port}` }),
    ...(!saidProduction && { GATEHOUSE_LOCAL_RUN: "1" }),
    PORT: String(port),
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

/** Runs `next build` unless the last build was of the same sources. */
export function buildIfNeeded(): void {
  const hash = sourceHash();
  if (existsSync(BUILD_STAMP) && readFileSync(BUILD_STAMP, "utf8") === hash) return;
  console.log("Building Gatehouse (next build)…");
  const build = spawnSync(process.execPath, [NEXT, "build"], { cwd: ROOT, stdio: "inherit", env: nextEnv() });
  if (build.status !== 0) throw new StartupError("next build failed; see the lines above.");
  writeFileSync(BUILD_STAMP, hash);
}

export function ensurePortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new StartupError(
          error.code === "EADDRINUSE" ? `Port ${port} is already in use. Stop what is using it or choose another: PORT=${port + 1} npm start` : `Cannot listen on port ${port}: ${error.message}`,
        ),
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

function spawnServer(port: number, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT, "scripts/lib/http-server.mjs")], { cwd: ROOT, stdio: "inherit", env: { ...nextEnv(port), ...env } });
}

async function untilHealthy(child: ChildProcess, port: number): Promise<void> {
  for (let attempt = 0; attempt < 600 && child.exitCode === null; attempt++) {
    try {
      if ((await fetch(`http://localhost:${port}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new StartupError("Gatehouse did not start; see the lines above.");
}

/** Starts the production server on `port` with the current environment; resolves once it answers. */
export async function serve(port: number): Promise<ChildProcess> {
  const child = spawnServer(port);
  // Passed on, and this process exits only when the server has finished stopping (below).
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal === "SIGHUP" ? "SIGTERM" : signal));
  child.on("exit", (code) => process.exit(code ?? 0));
  await untilHealthy(child, port);
  return child;
}

/**
 * The same server, owned by the caller (bench/http.bench.ts starts and stops several in one run):
 * `env` adds to the environment, and neither the caller's signals nor its lifetime are tied to it.
 */
export async function startServer(port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawnServer(port, env);
  try {
    await untilHealthy(child, port);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return child;
}
