import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const scratch = mkdtempSync(path.join(tmpdir(), "gatehouse-start-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `npm start`'s script with `env`; returns its exit code and output. */
function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/start.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${path.join(scratch, "gatehouse.db")}`, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

describe("npm start refuses bad configuration with one clear line", () => {
  it("names DATABASE_URL when it is malformed", () => {
    const { status, output } = start({ DATABASE_URL: "mysql://root@localhost/db" });
    expect(status).toBe(1);
    expect(output).toBe("Invalid configuration: DATABASE_URL: must be file:<path> (SQLite) or postgres://user@host:port/database (PostgreSQL)");
  });

  it("names a missing secret of a real (PostgreSQL) deployment before touching the database", () => {
    const { status, output } = start({ DATABASE_URL: "postgres://nobody@127.0.0.1:1/gatehouse", AUTH_SECRET: "" });
    expect(status).toBe(1);
    expect(output).toBe("Invalid configuration: AUTH_SECRET: is not set: `npm run secrets:generate` prints all three secrets for an .env file");
  });

  it("refuses production without an https APP_URL", () => {
    const { status, output } = start({ NODE_ENV: "production", APP_URL: "" });
    expect(status).toBe(1);
    expect(output).toBe("Invalid configuration: APP_URL: must be set in production: the https:// origin people reach Gatehouse at");
  });

  it("says which PostgreSQL it cannot reach", () => {
    const { status, output } = start({ DATABASE_URL: "postgres://nobody@127.0.0.1:1/gatehouse" });
    expect(status).toBe(1);
    expect(output.split("\n")).toHaveLength(1);
    expect(output).toMatch(/^Cannot reach PostgreSQL at 127\.0\.0\.1:1\/gatehouse \(DATABASE_URL\): /);
  });

  it("says when the database directory cannot be created", () => {
    // A file where the directory should be: refused for every user, root included.
    writeFileSync(path.join(scratch, "not-a-directory"), "");
    const { status, output } = start({ DATABASE_URL: `file:${path.join(scratch, "not-a-directory/gatehouse.db")}` });
    expect(status).toBe(1);
    expect(output).toMatch(/^Cannot write to .*not-a-directory\/ \(E[A-Z]+\): Gatehouse keeps its database and development secrets there\./);
  });

  // Root writes through permission bits, so a read-only directory can only be shown as another user.
  it.skipIf(process.getuid?.() === 0)("says when the database directory is read-only", () => {
    const readOnly = path.join(scratch, "read-only");
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const { status, output } = start({ DATABASE_URL: `file:${path.join(readOnly, "gatehouse.db")}` });
    expect(status).toBe(1);
    expect(output).toMatch(/^Cannot write to .*read-only\/ \(EACCES\)/);
  });

  it("says when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { status, output } = start({ PORT: String(port) });
      expect(status).toBe(1);
      expect(output.split("\n").at(-1)).toBe(`Port ${port} is already in use. Stop what is using it or choose another: PORT=${port + 1} npm start`);
    } finally {
      blocker.close();
    }
  });
});
