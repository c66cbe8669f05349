// Threat: `npm start` that cannot be stopped — SIGTERM to npm (a process manager, CI, Ctrl+C in
// an IDE) left the Next.js server running as an orphan, still serving the demo on its port. The
// real launcher is started, signalled, and must leave no process and a free port behind.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

const ROOT = path.resolve(import.meta.dirname, "..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** Every live descendant of `pid` (Linux /proc). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the name in field 2 may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of parents) {
      if (ppid !== parent) continue;
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** How `child` ended: its exit code, or the signal it ended by (npm re-raises the one it got). */
function exited(child: ChildProcess): Promise<number | NodeJS.Signals> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode!);
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal!)));
}

for (const [name, command, args] of [
  ["npm start", "npm", ["start"]],
  ["scripts/bootstrap.mjs", process.execPath, ["scripts/bootstrap.mjs", "start.ts"]],
] as const) {
  test(`SIGTERM to ${name} stops the server and frees the port`, async ({ request }) => {
    test.setTimeout(120_000);
    const scratch = mkdtempSync(path.join(tmpdir(), "gatehouse-launcher-"));
    const port = await freePort();
    const launcher = spawn(command, [...args], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), DATABASE_URL: `file:${path.join(scratch, "gatehouse.db")}`, NODE_OPTIONS: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let tree: number[] = [];
    launcher.stdout!.on("data", (chunk) => (output += chunk));
    launcher.stderr!.on("data", (chunk) => (output += chunk));
    try {
      await waitFor("the welcome line", () => (output.includes(`Gatehouse is running at http://localhost:${port}`) || launcher.exitCode !== null ? true : undefined), 90);
      expect((await request.get(`http://127.0.0.1:${port}/api/health`)).ok(), output).toBe(true);
      tree = descendants(launcher.pid!);
      expect(tree.length).toBeGreaterThan(0);

      launcher.kill("SIGTERM");
      expect([0, "SIGTERM"]).toContain(await exited(launcher));
      await waitFor("every process of the launcher to exit", () => (tree.every((pid) => !isAlive(pid)) ? true : undefined), 15);
      expect(await portIsFree(port)).toBe(true);
      expect(output).toContain("SIGTERM received");
    } finally {
      if (launcher.exitCode === null && launcher.signalCode === null) launcher.kill("SIGKILL");
      // Recorded while the launcher lived: once it is gone, an orphan's parent is init.
      for (const pid of new Set([...tree, ...descendants(launcher.pid!)])) if (isAlive(pid)) process.kill(pid, "SIGKILL");
      rmSync(scratch, { recursive: true, force: true });
    }
  });
}
